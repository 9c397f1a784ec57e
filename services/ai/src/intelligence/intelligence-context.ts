import type { Cache } from '@erp/kit';
import type { Kysely } from 'kysely';
import type { IntelligenceSettings } from '../config.js';
import type { AiDb } from '../db/schema.js';
import type { FinanceModel } from './model/finance-model.js';

/** What the finance intelligence routes need: the database, a cache for results, settings, the clock and maybe a model. */
export interface IntelligenceContext {
  readonly db: Kysely<AiDb>;
  /** Anomaly and forecast results and recognised charts, keyed by the tenant's ledger generation. */
  readonly cache: Cache;
  readonly settings: IntelligenceSettings;
  readonly now: () => Date;
  /**
   * The tenant's language model for reading invoice texts and wording reasons and reports, over the gateway.
   * Only the HTTP routes use it; absent, and wherever it fails, patterns and templates answer.
   */
  readonly model?: FinanceModel | undefined;
}
