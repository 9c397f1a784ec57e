import { describe, expect, it } from 'vitest';
import { createScheduler, SlotUnavailableError, type Ticket } from '../../src/gateway/scheduler.js';

const ticket = (tenantId: string, overrides: Partial<Ticket> = {}): Ticket => ({ tenantId, priority: 'normal', cost: 1, tenantWeight: 1, ...overrides });

describe('the scheduler', () => {
  it('should run at most the limit of calls of a provider at once', async () => {
    const scheduler = createScheduler({ queueTimeoutMs: 1000, queueLengthMax: 10 });
    const first = await scheduler.acquire('p', 2, ticket('a'));
    await scheduler.acquire('p', 2, ticket('a'));
    let thirdStarted = false;
    const third = scheduler.acquire('p', 2, ticket('a')).then((release) => {
      thirdStarted = true;
      return release;
    });

    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(thirdStarted).toBe(false);
    expect(scheduler.pools()).toEqual([{ key: 'p', active: 2, waiting: 1 }]);
    first();
    await third;
    expect(thirdStarted).toBe(true);
  });

  it('should hand freed slots to waiting tenants fairly, not in arrival order', async () => {
    const scheduler = createScheduler({ queueTimeoutMs: 1000, queueLengthMax: 100 });
    const running = await scheduler.acquire('p', 1, ticket('a'));
    const order: string[] = [];
    const waiting = ['a', 'a', 'a', 'b', 'b'].map((tenantId) =>
      scheduler.acquire('p', 1, ticket(tenantId)).then((release) => {
        order.push(tenantId);
        release();
      }),
    );

    running();
    await Promise.all(waiting);

    expect(order).toEqual(['a', 'b', 'a', 'b', 'a']);
  });

  it('should refuse a call when the queue is full and give up on one that waits too long', async () => {
    const scheduler = createScheduler({ queueTimeoutMs: 50, queueLengthMax: 1 });
    await scheduler.acquire('p', 1, ticket('a'));
    const waiting = scheduler.acquire('p', 1, ticket('a'));

    await expect(scheduler.acquire('p', 1, ticket('b'))).rejects.toEqual(new SlotUnavailableError('queue-full'));
    await expect(waiting).rejects.toEqual(new SlotUnavailableError('queue-timeout'));
    expect(scheduler.pools()).toEqual([{ key: 'p', active: 1, waiting: 0 }]);
  });

  it('should drop a waiting call whose client went away', async () => {
    const scheduler = createScheduler({ queueTimeoutMs: 1000, queueLengthMax: 10 });
    await scheduler.acquire('p', 1, ticket('a'));
    const controller = new AbortController();
    const waiting = scheduler.acquire('p', 1, ticket('a'), controller.signal);

    controller.abort(new Error('client left'));

    await expect(waiting).rejects.toThrow('client left');
    expect(scheduler.pools()[0]?.waiting).toBe(0);
  });

  it('should count a release once however often it is called', async () => {
    const scheduler = createScheduler({ queueTimeoutMs: 1000, queueLengthMax: 10 });
    const release = await scheduler.acquire('p', 2, ticket('a'));

    release();
    release();

    expect(scheduler.pools()[0]?.active).toBe(0);
  });
});
