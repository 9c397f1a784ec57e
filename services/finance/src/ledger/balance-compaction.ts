import type { EventLogger } from '@erp/kit';
import type { Kysely } from 'kysely';
import { compactBalanceDeltas } from '../db/balances.js';
import type { FinanceDb } from '../db/schema.js';

/** How many deltas of each kind one compaction statement folds in at most, so a backlog goes in bounded steps. */
export const COMPACTION_BATCH = 10_000;
/** How many batches one run folds in at most; what is left waits for the next run. */
const MAX_BATCHES_PER_RUN = 100;

/**
 * Folds the balance deltas the postings wrote into account_balance, cost_center_balance and tax_balance, for
 * every tenant, and returns how many it moved. The reports read balance rows plus the deltas not folded in
 * yet, so they are exact whether this ran or not; it keeps the deltas few, so that reading stays cheap. Safe
 * to run from several instances at once: the database lets one compactor work at a time, and a delta is added
 * onto its balance only by the statement that deletes it.
 */
export async function compactBalances(db: Kysely<FinanceDb>, batch: number = COMPACTION_BATCH): Promise<number> {
  let moved = 0;
  for (let round = 0; round < MAX_BATCHES_PER_RUN; round += 1) {
    const step = await compactBalanceDeltas(db, batch);
    moved += step;
    // Fewer than one full batch over all kinds together: no kind filled its batch, nothing is left behind.
    if (step < batch) break;
  }
  return moved;
}

/** The running periodic compaction; `stop` waits for a run in progress. */
export interface BalanceCompactionJob {
  stop(): Promise<void>;
}

/** Runs {@link compactBalances} now and then `intervalMs` after each run ends. */
export function startBalanceCompaction(db: Kysely<FinanceDb>, intervalMs: number, logger: EventLogger): BalanceCompactionJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = compactBalances(db)
      .then(() => undefined)
      .catch((error: unknown) => logger.error({ err: error }, 'balance compaction failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs).unref();
      });
  };
  timer = setTimeout(tick, 0).unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
