import { percentile } from './load.js';

/** What one round of the event figure delivered, as the table shows it. */
export interface DeliverySummary {
  readonly written: number;
  /** Written events the consumer's handler applied (each counted once). */
  readonly handled: number;
  /** Deliveries of an event that had been delivered before; the inbox skips them. */
  readonly duplicateDeliveries: number;
  /** Handler calls beyond the first for one event: must stay 0, or the inbox failed. */
  readonly appliedTwice: number;
  /** Handled events this round did not write: late ones of an earlier round that did not drain in time. */
  readonly strays: number;
  readonly writtenPerSecond: number;
  /** Applied events per second, from the first write to the last application. */
  readonly deliveredPerSecond: number;
  /** From the write in the outbox transaction to the consumer's handler. */
  readonly latencyMsP50: number;
  readonly latencyMsP99: number;
}

/** Records writes, deliveries and handler calls of one round; all times come from one clock (`performance.now()`). */
export interface DeliveryLog {
  recordWrite(id: string, atMs: number): void;
  /** Every delivery the transport hands to the consumer, before the inbox sees it. */
  recordDelivery(id: string): void;
  recordHandled(id: string, writtenAtMs: number, atMs: number): void;
  /** True once every written event was applied. */
  complete(): boolean;
  summarise(): DeliverySummary;
}

/** Creates an empty {@link DeliveryLog}. */
export function createDeliveryLog(): DeliveryLog {
  const writes = new Map<string, number>();
  const deliveries = new Map<string, number>();
  const handled = new Map<string, number>();
  const latenciesMs: number[] = [];
  let handlerCalls = 0;
  let strays = 0;
  let firstWriteAtMs = Number.POSITIVE_INFINITY;
  let lastWriteAtMs = Number.NEGATIVE_INFINITY;
  let lastHandledAtMs = Number.NEGATIVE_INFINITY;

  return {
    recordWrite(id, atMs) {
      writes.set(id, atMs);
      firstWriteAtMs = Math.min(firstWriteAtMs, atMs);
      lastWriteAtMs = Math.max(lastWriteAtMs, atMs);
    },
    recordDelivery(id) {
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
    },
    recordHandled(id, writtenAtMs, atMs) {
      // A write is recorded when its transaction commits, long before the relay can have published it.
      if (!writes.has(id)) {
        strays += 1;
        return;
      }
      handlerCalls += 1;
      if (handled.has(id)) return;
      handled.set(id, atMs);
      latenciesMs.push(atMs - writtenAtMs);
      lastHandledAtMs = Math.max(lastHandledAtMs, atMs);
    },
    complete() {
      return writes.size > 0 && [...writes.keys()].every((id) => handled.has(id));
    },
    summarise() {
      const sorted = [...latenciesMs].sort((a, b) => a - b);
      const totalDeliveries = [...deliveries.values()].reduce((sum, count) => sum + count, 0);
      return {
        written: writes.size,
        handled: handled.size,
        duplicateDeliveries: totalDeliveries - deliveries.size,
        appliedTwice: handlerCalls - handled.size,
        strays,
        writtenPerSecond: perSecond(writes.size, lastWriteAtMs - firstWriteAtMs),
        deliveredPerSecond: perSecond(handled.size, lastHandledAtMs - firstWriteAtMs),
        latencyMsP50: percentile(sorted, 0.5),
        latencyMsP99: percentile(sorted, 0.99),
      };
    },
  };
}

/** Items per second over a span; a span under a millisecond counts as one, so a single item stays finite. */
function perSecond(count: number, spanMs: number): number {
  if (count === 0 || !Number.isFinite(spanMs)) return Number.NaN;
  return (count * 1000) / Math.max(1, spanMs);
}
