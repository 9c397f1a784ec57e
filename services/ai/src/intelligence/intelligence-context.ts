import type { Cache } from '@erp/kit';
import type { Kysely } from 'kysely';
import type { IntelligenceSettings } from '../config.js';
import type { AiDb } from '../db/schema.js';

/** What the finance intelligence routes need: the database, a cache for results, settings and the clock. */
export interface IntelligenceContext {
  readonly db: Kysely<AiDb>;
  /** Anomaly and forecast results and recognised charts, keyed by the tenant's ledger generation. */
  readonly cache: Cache;
  readonly settings: IntelligenceSettings;
  readonly now: () => Date;
}
