import type { Kysely } from 'kysely';
import type { FinanceDb } from '../db/schema.js';
import type { SetUpChartCache } from './chart-lookup.js';

/** What the ledger operations need: the database (runtime role) and the clock, and optionally the tenants' set-up charts. */
export interface LedgerContext {
  readonly db: Kysely<FinanceDb>;
  readonly clock: () => Date;
  /** Without it, postings read the settings and tax codes each time. */
  readonly setUpCharts?: SetUpChartCache;
}

/** Who acts: the tenant (a lowercase UUID), the caller's id (the token's subject) and the request's trace. */
export interface Actor {
  readonly tenantId: string;
  readonly actorId: string;
  readonly traceparent?: string | undefined;
}
