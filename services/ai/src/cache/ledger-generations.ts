import { withTenant } from '@erp/kit';
import type { Kysely } from 'kysely';
import { findGeneration } from '../db/ledger-entries.js';
import type { AiDb } from '../db/schema.js';

/** The generation that scopes cached answers of a task, or `undefined` when the task does not depend on the ledger. */
export interface CacheGenerations {
  of(tenantId: string, task: string): Promise<string | undefined>;
}

/**
 * The tenant's ledger generation for the ledger-dependent tasks (AI_LEDGER_DEPENDENT_TASKS). The ledger
 * consumer bumps it in the same transaction that applies a finance posting or reversal, in the database every
 * instance reads, so a posting makes the cached answers of those tasks unreachable on every instance at once,
 * with or without Redis (the anomaly and forecast results are keyed by the same generation).
 */
export function createLedgerGenerations(db: Kysely<AiDb>, tasks: ReadonlySet<string>): CacheGenerations {
  return {
    async of(tenantId, task) {
      if (!tasks.has(task)) return undefined;
      return withTenant(db, tenantId, (trx) => findGeneration(trx, tenantId));
    },
  };
}
