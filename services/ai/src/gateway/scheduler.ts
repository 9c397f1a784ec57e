import { randomUUID } from 'node:crypto';
import { FairQueue, type Priority } from '../domain/fair-queue.js';

export interface Ticket {
  readonly tenantId: string;
  readonly priority: Priority;
  /** Estimated tokens: what fairness is measured in. */
  readonly cost: number;
  readonly tenantWeight: number;
}

/** A call could not get a slot: the pool's queue is full, or the wait exceeded the queue timeout. */
export class SlotUnavailableError extends Error {
  constructor(readonly reason: 'queue-full' | 'queue-timeout') {
    super(reason === 'queue-full' ? 'The provider queue is full.' : 'No slot of the provider became free in time.');
    this.name = 'SlotUnavailableError';
  }
}

interface Waiter {
  grant(): void;
}

interface Pool {
  active: number;
  limit: number;
  readonly queue: FairQueue<Waiter>;
}

export interface Scheduler {
  /** Waits for a slot of the pool (a provider) and returns the function that gives it back. */
  acquire(poolKey: string, limit: number, ticket: Ticket, signal?: AbortSignal): Promise<() => void>;
  /** Calls running and waiting per pool, for metrics. */
  pools(): { key: string; active: number; waiting: number }[];
}

/**
 * Per-provider concurrency limits with weighted fair queueing: when a provider's slots are taken, calls wait in
 * its {@link FairQueue}, and each freed slot goes to the entry the queue picks (fair across tenants, critical
 * before normal by weight, batch only when nothing else waits).
 */
export function createScheduler(options: { queueTimeoutMs: number; queueLengthMax: number }): Scheduler {
  const pools = new Map<string, Pool>();

  const drain = (pool: Pool) => {
    while (pool.active < pool.limit) {
      const next = pool.queue.dequeue();
      if (!next) return;
      pool.active += 1;
      next.value.grant();
    }
  };
  const releaser = (pool: Pool) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      pool.active -= 1;
      drain(pool);
    };
  };

  return {
    acquire(poolKey, limit, ticket, signal) {
      let pool = pools.get(poolKey);
      if (!pool) {
        pool = { active: 0, limit, queue: new FairQueue<Waiter>() };
        pools.set(poolKey, pool);
      }
      pool.limit = limit;
      const current = pool;
      if (current.active < current.limit && current.queue.size === 0) {
        current.active += 1;
        return Promise.resolve(releaser(current));
      }
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (current.queue.size >= options.queueLengthMax) return Promise.reject(new SlotUnavailableError('queue-full'));
      return new Promise((resolve, reject) => {
        const id = randomUUID();
        const giveUp = (error: unknown) => {
          if (!current.queue.remove(id)) return;
          clearTimeout(timer);
          reject(error);
        };
        const timer = setTimeout(() => giveUp(new SlotUnavailableError('queue-timeout')), options.queueTimeoutMs);
        signal?.addEventListener('abort', () => giveUp(signal.reason), { once: true });
        const grant = () => {
          clearTimeout(timer);
          resolve(releaser(current));
        };
        current.queue.enqueue({ id, ...ticket, value: { grant } });
      });
    },
    pools: () => [...pools.entries()].map(([key, pool]) => ({ key, active: pool.active, waiting: pool.queue.size })),
  };
}
