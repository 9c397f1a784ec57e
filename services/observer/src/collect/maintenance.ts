import type { Kysely } from 'kysely';
import { type PruneResult, pruneExpired, type Retention } from '../db/prune.js';
import type { ObserverDb } from '../db/schema.js';
import { rollUp } from '../db/service-points.js';

interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface MaintenanceDeps {
  readonly db: Kysely<ObserverDb>;
  readonly retention: Retention;
  readonly intervalMs: number;
  /** Only the collecting instance maintains, so two observers never roll up the same rows at once. */
  readonly isLeader: () => boolean;
  readonly logger: Logger;
  readonly now?: () => Date;
}

export interface MaintenanceResult {
  readonly minuteBuckets: number;
  readonly hourBuckets: number;
  readonly pruned: PruneResult;
}

// The 1-minute rollups look back a few minutes, so a run delayed by a slow database still covers every minute.
const MINUTE_LOOKBACK_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;

/** Computes the rollups and deletes expired rows on a timer; `run()` does one pass by hand. */
export function createMaintenance(deps: MaintenanceDeps) {
  const now = deps.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let busy = false;

  const run = async (): Promise<MaintenanceResult> => {
    const at = now();
    const minuteBuckets = await rollUp(deps.db, '1m', new Date(at.getTime() - MINUTE_LOOKBACK_MS), at);
    // The current hour's rollup is rewritten each pass from the minutes so far; the previous hour is finished here.
    const hourBuckets = await rollUp(deps.db, '1h', new Date(at.getTime() - HOUR_MS), at);
    const pruned = await pruneExpired(deps.db, at, deps.retention);
    return { minuteBuckets, hourBuckets, pruned };
  };

  const tick = () => {
    if (busy || !deps.isLeader()) return;
    busy = true;
    running = run()
      .then((result) => {
        const deleted = Object.values(result.pruned).reduce((sum, count) => sum + count, 0);
        if (deleted > 0) deps.logger.info({ ...result.pruned }, 'expired observer rows deleted');
      })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'observer maintenance failed; retrying at the next interval'))
      .finally(() => {
        busy = false;
      });
  };

  return {
    run,
    start() {
      timer ??= setInterval(tick, deps.intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
