import type { Kysely } from 'kysely';
import type { FinanceDb } from '../db/schema.js';

/** What the ledger operations need: the database (runtime role) and the clock. */
export interface LedgerContext {
  readonly db: Kysely<FinanceDb>;
  readonly clock: () => Date;
}

/** Who acts: the tenant (a lowercase UUID), the caller's id (the token's subject) and the request's trace. */
export interface Actor {
  readonly tenantId: string;
  readonly actorId: string;
  readonly traceparent?: string | undefined;
}
