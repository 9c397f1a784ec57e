import { setTimeout as sleep } from 'node:timers/promises';
import { dueCount } from './pacing.js';

/**
 * Starts `writeOne` at `ratePerSecond` for `durationS`, each on schedule whether or not the earlier ones
 * have finished, and resolves when all have. A failed write fails the whole run, after the others settle.
 */
export async function writeAtRate(ratePerSecond: number, durationS: number, writeOne: () => Promise<void>): Promise<void> {
  const total = Math.round(ratePerSecond * durationS);
  const writes: Promise<void>[] = [];
  const failures: unknown[] = [];
  const startedAtMs = performance.now();
  while (writes.length < total) {
    const due = dueCount(performance.now() - startedAtMs, ratePerSecond, total);
    while (writes.length < due) writes.push(writeOne().catch((error: unknown) => void failures.push(error)));
    await sleep(1);
  }
  await Promise.all(writes);
  if (failures.length > 0) throw new Error(`${failures.length} of ${total} event writes failed; first: ${String(failures[0])}`);
}

/** Writes `total` events in transactions of `batchSize`, `writers` transactions at a time, as fast as the database takes them. */
export async function writeInBatches(total: number, batchSize: number, writers: number, writeBatch: (size: number) => Promise<void>): Promise<void> {
  let remaining = total;
  const writer = async () => {
    while (remaining > 0) {
      const size = Math.min(batchSize, remaining);
      remaining -= size;
      await writeBatch(size);
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
}
