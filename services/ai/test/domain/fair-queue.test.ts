import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FairQueue, type Priority, type QueueEntry } from '../../src/domain/fair-queue.js';

let sequence = 0;
function entry(tenantId: string, overrides: Partial<QueueEntry<string>> = {}): QueueEntry<string> {
  sequence += 1;
  return { id: `e${sequence}`, tenantId, priority: 'normal', cost: 1, tenantWeight: 1, value: tenantId, ...overrides };
}

function drain(queue: FairQueue<string>, count = queue.size): string[] {
  const served: string[] = [];
  for (let index = 0; index < count; index += 1) served.push(queue.dequeue()?.value ?? 'none');
  return served;
}

describe('FairQueue', () => {
  it('should alternate between two tenants of equal weight however many entries one of them queues', () => {
    const queue = new FairQueue<string>();
    for (let index = 0; index < 6; index += 1) queue.enqueue(entry('a'));
    for (let index = 0; index < 2; index += 1) queue.enqueue(entry('b'));

    expect(drain(queue)).toEqual(['a', 'b', 'a', 'b', 'a', 'a', 'a', 'a']);
  });

  it('should serve tenants in proportion to their weights', () => {
    const queue = new FairQueue<string>();
    for (let index = 0; index < 30; index += 1) {
      queue.enqueue(entry('heavy', { tenantWeight: 2 }));
      queue.enqueue(entry('light', { tenantWeight: 1 }));
    }

    const first = drain(queue, 30);

    expect(first.filter((tenant) => tenant === 'heavy')).toHaveLength(20);
  });

  it('should measure service in cost, so large entries count for more', () => {
    const queue = new FairQueue<string>();
    for (let index = 0; index < 10; index += 1) {
      queue.enqueue(entry('big', { cost: 4 }));
      queue.enqueue(entry('small', { cost: 1 }));
    }

    const first = drain(queue, 10);

    expect(first.filter((tenant) => tenant === 'small')).toHaveLength(8);
  });

  it('should give a tenant that was idle no credit for its idle time', () => {
    const queue = new FairQueue<string>();
    for (let index = 0; index < 10; index += 1) queue.enqueue(entry('busy'));
    drain(queue, 5);
    for (let index = 0; index < 5; index += 1) queue.enqueue(entry('late'));

    expect(drain(queue, 4)).toEqual(['late', 'busy', 'late', 'busy']);
  });

  it('should give critical entries four times the share of normal ones without starving normal', () => {
    const queue = new FairQueue<string>();
    for (let index = 0; index < 20; index += 1) {
      queue.enqueue(entry('a', { priority: 'critical', value: 'critical' }));
      queue.enqueue(entry('b', { priority: 'normal', value: 'normal' }));
    }

    const first = drain(queue, 10);

    expect(first.filter((value) => value === 'critical')).toHaveLength(8);
    expect(first).toContain('normal');
  });

  it('should serve batch entries only while no interactive entry waits', () => {
    const queue = new FairQueue<string>();
    queue.enqueue(entry('a', { priority: 'batch', value: 'batch' }));
    queue.enqueue(entry('b', { priority: 'normal', value: 'normal-1' }));
    queue.enqueue(entry('c', { priority: 'critical', value: 'critical' }));
    queue.enqueue(entry('b', { priority: 'normal', value: 'normal-2' }));

    expect(drain(queue)).toEqual(['critical', 'normal-1', 'normal-2', 'batch']);
  });

  it('should take out an entry whose caller gave up', () => {
    const queue = new FairQueue<string>();
    const gone = entry('a', { value: 'gone' });
    queue.enqueue(gone);
    queue.enqueue(entry('a', { value: 'kept' }));

    expect(queue.remove(gone.id)).toBe(true);
    expect(queue.remove('unknown')).toBe(false);
    expect(drain(queue)).toEqual(['kept']);
  });

  it('should hand out every entry exactly once, keeping each flow in arrival order (property)', () => {
    const arbitraryEntry = fc.record({
      tenantId: fc.constantFrom('t1', 't2', 't3'),
      priority: fc.constantFrom<Priority>('critical', 'normal', 'batch'),
      cost: fc.integer({ min: 1, max: 50 }),
      tenantWeight: fc.constantFrom(0.5, 1, 3),
    });
    fc.assert(
      fc.property(fc.array(arbitraryEntry, { maxLength: 60 }), (entries) => {
        const queue = new FairQueue<string>();
        for (const [index, fields] of entries.entries()) queue.enqueue({ ...fields, id: String(index), value: String(index) });
        const served = drain(queue).map(Number);
        expect([...served].sort((left, right) => left - right)).toEqual(entries.map((_, index) => index));
        for (const flow of new Set(entries.map((fields) => `${fields.tenantId}:${fields.priority}`))) {
          const order = served.filter((index) => `${entries[index]?.tenantId}:${entries[index]?.priority}` === flow);
          expect(order).toEqual([...order].sort((left, right) => left - right));
        }
        expect(queue.dequeue()).toBeUndefined();
      }),
    );
  });
});
