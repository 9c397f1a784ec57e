import { describe, expect, it } from 'vitest';
import { createWakeSignal } from '../../src/events/wake-signal.js';

describe('createWakeSignal', () => {
  it('should end a wait early when woken', async () => {
    const signal = createWakeSignal();
    const started = performance.now();

    const waiting = signal.wait(10_000);
    signal.wake();
    await waiting;

    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('should remember a wake that came while nobody waited, once', async () => {
    const signal = createWakeSignal();
    signal.wake();

    const first = performance.now();
    await signal.wait(10_000);
    const firstMs = performance.now() - first;
    const second = performance.now();
    await signal.wait(50);
    const secondMs = performance.now() - second;

    expect(firstMs).toBeLessThan(1_000);
    expect(secondMs).toBeGreaterThanOrEqual(40);
  });
});
