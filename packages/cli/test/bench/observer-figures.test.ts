import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuMsPerRound, cpuPercentOfCore, pairedDifferences, parseProcStat, spreadOf, ticksBetween, windowOrder } from '../../dist/bench/observer-figures.js';
import { toObserverBenchSettings } from '../../dist/bench/observer-settings.js';

// A real line of /proc/<pid>/stat, with a command name that holds a space and a parenthesis.
const STAT =
  '4242 (node (obs) x) S 1 4242 4242 0 -1 4194304 24311 0 12 0 1234 567 0 0 20 0 11 0 8150 1299972096 38521 18446744073709551615 1 1 0 0 0 0 0 4096 134234626 0 0 0 17 1 0 0 0 0 0';

describe('parseProcStat', () => {
  it('should read utime + stime and rss counting from the last parenthesis', () => {
    const stat = parseProcStat(STAT);

    expect(stat).toEqual({ cpuTicks: 1234 + 567, rssPages: 38521 });
  });

  it('should read the stat line of this very process', () => {
    const stat = parseProcStat(readFileSync('/proc/self/stat', 'utf8'));

    expect(stat.cpuTicks).toBeGreaterThanOrEqual(0);
    expect(stat.rssPages).toBeGreaterThan(0);
  });

  it('should refuse a line that is not a stat line', () => {
    expect(() => parseProcStat('no parenthesis here')).toThrow(/not a \/proc/);
    expect(() => parseProcStat('1 (node) S 1 2')).toThrow(/without utime/);
  });
});

describe('cpuPercentOfCore', () => {
  it('should make 100 ticks at 100 Hz over one second a whole core', () => {
    expect(cpuPercentOfCore(100, 1000, 100)).toBe(100);
  });

  it('should make 24 ticks over 12 s two percent of a core', () => {
    expect(cpuPercentOfCore(24, 12_000, 100)).toBeCloseTo(2, 12);
  });

  it('should follow the clock rate of the system', () => {
    expect(cpuPercentOfCore(250, 10_000, 250)).toBeCloseTo(10, 12);
  });

  it('should refuse an empty window or clock rate', () => {
    expect(() => cpuPercentOfCore(1, 0, 100)).toThrow(RangeError);
    expect(() => cpuPercentOfCore(1, 1000, 0)).toThrow(RangeError);
  });

  it('should scale linearly with the ticks for any window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 600_000 }), (ticks, elapsedMs) => {
        const once = cpuPercentOfCore(ticks, elapsedMs, 100);
        const twice = cpuPercentOfCore(2 * ticks, elapsedMs, 100);
        expect(twice).toBeCloseTo(2 * once, 9);
      }),
    );
  });
});

describe('cpuMsPerRound', () => {
  it('should make 4 % of a core at a 1 s interval 40 ms per round', () => {
    expect(cpuMsPerRound(4, 1000)).toBeCloseTo(40, 12);
  });
});

describe('spreadOf', () => {
  it('should take the middle value of an odd count', () => {
    expect(spreadOf([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
  });

  it('should take the mean of the two middle values of an even count', () => {
    expect(spreadOf([0.5, -0.25, 0.25, 0.125])).toEqual({ median: 0.1875, min: -0.25, max: 0.5 });
  });

  it('should ignore rounds that measured nothing, and be NaN when none did', () => {
    expect(spreadOf([Number.NaN, 4])).toEqual({ median: 4, min: 4, max: 4 });
    expect(spreadOf([Number.NaN]).median).toBeNaN();
  });
});

describe('pairedDifferences', () => {
  it('should subtract round by round', () => {
    expect(pairedDifferences([1.5, 2, 0.5], [1, 2.5, 0.5])).toEqual([0.5, -0.5, 0]);
  });

  it('should refuse rounds that do not pair up', () => {
    expect(() => pairedDifferences([1], [])).toThrow(RangeError);
  });
});

describe('windowOrder', () => {
  it('should alternate which window comes first', () => {
    const orders = [0, 1, 2, 3].map(windowOrder);

    expect(orders).toEqual([
      ['watched', 'unwatched'],
      ['unwatched', 'watched'],
      ['watched', 'unwatched'],
      ['unwatched', 'watched'],
    ]);
  });
});

describe('ticksBetween', () => {
  it('should count the growth of processes in both readings and all ticks of new ones', () => {
    const before = new Map([
      [10, 100],
      [11, 50],
    ]);
    const after = new Map([
      [10, 130],
      [12, 7],
    ]);

    // 11 ended in between: what it did after the first reading is unknown.
    expect(ticksBetween(before, after)).toBe(30 + 7);
  });
});

describe('toObserverBenchSettings', () => {
  it('should poll every second in both modes and run a single short round with --quick', () => {
    const quick = toObserverBenchSettings(['--quick']);
    const full = toObserverBenchSettings([]);

    expect(quick).toMatchObject({ rounds: 1, intervalMs: 1000 });
    expect(full.intervalMs).toBe(1000);
    expect(full.rounds).toBeGreaterThan(quick.rounds);
  });
});
