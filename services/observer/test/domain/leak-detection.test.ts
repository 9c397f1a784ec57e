import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLeak, LEAK_DEFAULTS, type LeakOptions, type MemoryPoint } from '../../src/domain/leak-detection.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.UTC(2026, 0, 1);

function options(overrides: Partial<LeakOptions> = {}): LeakOptions {
  return {
    ...LEAK_DEFAULTS,
    windowMs: HOUR,
    minDurationMs: 30 * MINUTE,
    warmupMs: 5 * MINUTE,
    processStartMs: START - 10 * MINUTE,
    memoryLimitMb: 512,
    ...overrides,
  };
}

/** A reading every `stepMs` for `durationMs`, heap and RSS from `heap(t)` (RSS = heap + 40 MB). */
function series(durationMs: number, heap: (elapsedMs: number) => number, stepMs = 5000): MemoryPoint[] {
  return Array.from({ length: Math.floor(durationMs / stepMs) + 1 }, (_, index) => {
    const elapsedMs = index * stepMs;
    return { atMs: START + elapsedMs, heapUsedMb: heap(elapsedMs), rssMb: heap(elapsedMs) + 40 };
  });
}

/** Deterministic noise in [-1, 1], so tests never flake. */
function noise(index: number): number {
  return Math.sin(index * 12.9898) * 0.5 + Math.sin(index * 78.233) * 0.5;
}

describe('detectLeak', () => {
  it('should find a steady leak, measure its slope and project the time until the memory limit', () => {
    const points = series(HOUR, (t) => 60 + (20 * t) / HOUR + 2 * noise(t / 5000));

    const analysis = detectLeak(points, START + HOUR, options());

    expect(analysis.verdict).toBe('leak');
    expect(analysis.growthMbPerH).toBeGreaterThan(17);
    expect(analysis.growthMbPerH).toBeLessThan(23);
    expect(analysis.r2).toBeGreaterThan(0.8);
    // RSS ends near 120 MB; (512 - 120) / 20 MB/h is about 19.6 h.
    expect(analysis.hoursToLimit).toBeGreaterThan(16);
    expect(analysis.hoursToLimit).toBeLessThan(24);
  });

  it('should find a leak hidden under a garbage-collection sawtooth, from its rising troughs', () => {
    const points = series(HOUR, (t) => 50 + (15 * t) / HOUR + 40 * ((t % (3 * MINUTE)) / (3 * MINUTE)));

    const analysis = detectLeak(points, START + HOUR, options());

    expect(analysis.verdict).toBe('leak');
    expect(analysis.growthMbPerH).toBeGreaterThan(12);
  });

  it('should not call a sawtooth without a rising floor a leak', () => {
    const points = series(HOUR, (t) => 50 + 60 * ((t % (7 * MINUTE)) / (7 * MINUTE)));

    const analysis = detectLeak(points, START + HOUR, options());

    expect(analysis.verdict).toBe('no_leak');
    expect(analysis.hoursToLimit).toBeNull();
  });

  it('should ignore the warm-up after the process start', () => {
    // Memory climbs steadily for the first 15 minutes of the process (code loading, JIT): a leak, if it were not the start.
    const points = series(15 * MINUTE, (t) => 30 + (120 * t) / HOUR + noise(t / 5000));
    const settings = options({ minDurationMs: 10 * MINUTE, warmupMs: 15 * MINUTE });

    expect(detectLeak(points, START + 15 * MINUTE, { ...settings, processStartMs: START }).verdict).toBe('insufficient_data');
    expect(detectLeak(points, START + 15 * MINUTE, { ...settings, processStartMs: undefined }).verdict).toBe('leak');
  });

  it('should not call growth that levels off (caches filling after the start) a leak', () => {
    // Approaches 120 MB with an 8-minute time constant: it rises through the whole window, ever more slowly.
    const points = series(40 * MINUTE, (t) => 30 + 90 * (1 - Math.exp(-t / (8 * MINUTE))));

    const analysis = detectLeak(points, START + 40 * MINUTE, options({ processStartMs: START, minDurationMs: 20 * MINUTE }));

    expect(analysis.verdict).toBe('no_leak');
    expect(analysis.heap?.slopeMbPerH).toBeGreaterThan(10);
  });

  it('should have no verdict while the process is still warming up or the window is too short', () => {
    const points = series(4 * MINUTE, (t) => 30 + t / 1000);

    expect(detectLeak(points, START + 4 * MINUTE, options({ processStartMs: START })).verdict).toBe('insufficient_data');
    expect(detectLeak(points, START + 4 * MINUTE, options({ processStartMs: undefined })).verdict).toBe('insufficient_data');
  });

  it('should find every steady leak above the noise floor, whatever its rate and level', () => {
    fc.assert(
      fc.property(fc.double({ min: 2, max: 400, noNaN: true }), fc.double({ min: 20, max: 300, noNaN: true }), (slopeMbPerH, baseMb) => {
        const points = series(HOUR, (t) => baseMb + (slopeMbPerH * t) / HOUR + 0.05 * slopeMbPerH * noise(t / 5000), 15_000);

        const analysis = detectLeak(points, START + HOUR, options());

        expect(analysis.verdict).toBe('leak');
        expect(Math.abs((analysis.growthMbPerH ?? 0) - slopeMbPerH)).toBeLessThan(0.15 * slopeMbPerH);
      }),
      { numRuns: 60 },
    );
  });

  it('should never call a flat-floored sawtooth a leak, whatever its period and amplitude', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 5, max: 200, noNaN: true }),
        fc.double({ min: 20, max: 300, noNaN: true }),
        (periodMin, amplitudeMb, baseMb) => {
          const periodMs = periodMin * MINUTE;
          const points = series(HOUR, (t) => baseMb + amplitudeMb * ((t % periodMs) / periodMs), 10_000);

          expect(detectLeak(points, START + HOUR, options()).verdict).not.toBe('leak');
        },
      ),
      { numRuns: 60 },
    );
  });
});
