import { describe, expect, it } from 'vitest';
import { createDeliveryLog } from '../../dist/bench/delivery-log.js';

/** Writes `count` events one millisecond apart, from `atMs`; returns their ids. */
function writeEvents(log: ReturnType<typeof createDeliveryLog>, count: number, atMs = 0): string[] {
  const ids = Array.from({ length: count }, (_, index) => `event-${index}`);
  for (const [index, id] of ids.entries()) log.recordWrite(id, atMs + index);
  return ids;
}

describe('createDeliveryLog', () => {
  it('should report latency percentiles from write to handler', () => {
    const log = createDeliveryLog();
    const ids = writeEvents(log, 100);

    ids.forEach((id, index) => {
      log.recordDelivery(id);
      log.recordHandled(id, index, index + index + 1);
    });
    const summary = log.summarise();

    expect(summary.latencyMsP50).toBe(50);
    expect(summary.latencyMsP99).toBe(99);
    expect(summary).toMatchObject({ written: 100, handled: 100, duplicateDeliveries: 0, appliedTwice: 0 });
  });

  it('should count a redelivery as a duplicate but not as a second application', () => {
    const log = createDeliveryLog();
    const [id] = writeEvents(log, 1) as [string];

    log.recordDelivery(id);
    log.recordDelivery(id);
    log.recordHandled(id, 0, 5);
    const summary = log.summarise();

    expect(summary).toMatchObject({ written: 1, handled: 1, duplicateDeliveries: 1, appliedTwice: 0, latencyMsP99: 5 });
  });

  it('should report an event the handler applied twice', () => {
    const log = createDeliveryLog();
    const [id] = writeEvents(log, 1) as [string];

    log.recordHandled(id, 0, 5);
    log.recordHandled(id, 0, 9);

    expect(log.summarise().appliedTwice).toBe(1);
  });

  it('should be complete only once every written event was handled', () => {
    const log = createDeliveryLog();
    const [first, second] = writeEvents(log, 2) as [string, string];

    log.recordHandled(first, 0, 1);
    const halfway = log.complete();
    log.recordHandled(second, 1, 2);

    expect(halfway).toBe(false);
    expect(log.complete()).toBe(true);
  });

  it('should compute rates from the first write to the last write and to the last application', () => {
    const log = createDeliveryLog();
    const ids = writeEvents(log, 1_001);

    for (const [index, id] of ids.entries()) log.recordHandled(id, index, index === 1_000 ? 2_002 : index + 1);
    const summary = log.summarise();

    expect(summary.writtenPerSecond).toBeCloseTo(1_001, 6);
    expect(summary.deliveredPerSecond).toBeCloseTo(500, 0);
  });

  it('should report missing deliveries when the handler saw fewer events than were written', () => {
    const log = createDeliveryLog();
    const [first] = writeEvents(log, 3) as [string];

    log.recordHandled(first, 0, 1);

    expect(log.summarise()).toMatchObject({ written: 3, handled: 1 });
    expect(log.complete()).toBe(false);
  });

  it('should count a handled event of an earlier round as a stray, not as delivered', () => {
    const log = createDeliveryLog();
    writeEvents(log, 1);

    log.recordHandled('event-of-an-earlier-round', 0, 5);

    expect(log.summarise()).toMatchObject({ written: 1, handled: 0, strays: 1 });
  });
});
