import type { Scheduler } from '../gateway/scheduler.js';

/** Admits batch jobs one by one while there is capacity; see {@link createCapacityGate}. */
export interface CapacityGate {
  /** Waits until a job may start and returns the function that ends its turn; rejects when `signal` aborts. */
  acquire(signal: AbortSignal): Promise<() => void>;
  /** Jobs running and waiting, for tests and metrics. */
  readonly running: number;
  readonly waiting: number;
}

/**
 * Batch jobs start only while no call waits for a provider slot anywhere (interactive work, which the fair
 * queue serves first, would wait behind them) and fewer than `concurrency` jobs of this instance run. Waiting
 * jobs start in the order they arrived; the gate looks again every `pollMs` and whenever a job ends.
 */
export function createCapacityGate(options: { concurrency: number; scheduler: Pick<Scheduler, 'pools'>; pollMs?: number }): CapacityGate {
  const waiters: { start: () => void }[] = [];
  let running = 0;
  let timer: NodeJS.Timeout | undefined;
  const idle = () => options.scheduler.pools().every((pool) => pool.waiting === 0);

  const admit = () => {
    while (waiters.length > 0 && running < options.concurrency && idle()) {
      running += 1;
      waiters.shift()?.start();
    }
    clearTimeout(timer);
    timer = undefined;
    if (waiters.length > 0 && running < options.concurrency) {
      timer = setTimeout(admit, options.pollMs ?? 50);
      timer.unref();
    }
  };

  return {
    acquire(signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      return new Promise((resolve, reject) => {
        const waiter = {
          start: () => {
            signal.removeEventListener('abort', giveUp);
            let ended = false;
            resolve(() => {
              if (ended) return;
              ended = true;
              running -= 1;
              admit();
            });
          },
        };
        const giveUp = () => {
          const index = waiters.indexOf(waiter);
          if (index < 0) return;
          waiters.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', giveUp, { once: true });
        waiters.push(waiter);
        admit();
      });
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiters.length;
    },
  };
}
