import { leastSquares } from './regression.js';

/** One memory reading of an instance. */
export interface MemoryPoint {
  readonly atMs: number;
  readonly heapUsedMb: number;
  readonly rssMb: number;
}

export interface LeakOptions {
  /** How far back the analysis looks. */
  readonly windowMs: number;
  /** The analysed span (after warm-up) must be at least this long. */
  readonly minDurationMs: number;
  readonly minSamples: number;
  /** Memory grows while a process starts (code loading, JIT, caches); this long after the start is ignored. */
  readonly warmupMs: number;
  /** When the process started, from its uptime; unknown means no warm-up can be ignored. */
  readonly processStartMs: number | undefined;
  readonly memoryLimitMb: number;
  /** Growth below this is noise, not a leak. */
  readonly minSlopeMbPerH: number;
  /** How well the rising troughs must fit a line. */
  readonly minR2: number;
  /** Into how many equal time slices the window is cut to find its troughs. */
  readonly troughSegments: number;
}

export const LEAK_DEFAULTS = { minSamples: 10, minSlopeMbPerH: 1, minR2: 0.8, troughSegments: 12 } as const;

/** A leak keeps its pace; growth whose second half is slower than this share of its first half is levelling off. */
const LEVELLING_RATIO = 0.5;

export type LeakVerdict = 'leak' | 'no_leak' | 'insufficient_data';

/** The trend of one series: the line through all points, and the line through its troughs. */
export interface SeriesTrend {
  readonly slopeMbPerH: number;
  readonly r2: number;
  readonly troughSlopeMbPerH: number;
  readonly troughR2: number;
  /** The troughs' slope in the later half of the window. */
  readonly lateTroughSlopeMbPerH: number;
  /** The troughs' slope in the earlier half of the window. */
  readonly earlyTroughSlopeMbPerH: number;
}

export interface LeakAnalysis {
  readonly verdict: LeakVerdict;
  readonly heap: SeriesTrend | null;
  readonly rss: SeriesTrend | null;
  /** The growth judged: the troughs' slope of the leaking series, else the larger overall slope. */
  readonly growthMbPerH: number | null;
  readonly r2: number | null;
  readonly samples: number;
  readonly durationS: number;
  /** At the growth rate, how long until the RSS reaches the memory limit; only for a leak. */
  readonly hoursToLimit: number | null;
  readonly reason: string;
}

const HOUR_MS = 3_600_000;

/**
 * Decides whether an instance leaks memory. A garbage-collected heap saws up and down, so a line through every
 * point can rise without a leak; what must rise is the floor the collector returns to. The window is cut into
 * slices, the lowest point of each slice (a trough, close to "heap used after GC") is taken, and only when the
 * troughs rise steadily (slope above `minSlopeMbPerH`, fit R² at least `minR2`, and not levelling off: the later
 * half rises at least half as fast as the earlier one, which tells a leak from caches filling up) on the heap or the
 * RSS is it a leak. Points inside the warm-up after the process start are ignored.
 */
export function detectLeak(points: readonly MemoryPoint[], nowMs: number, options: LeakOptions): LeakAnalysis {
  const since = Math.max(nowMs - options.windowMs, (options.processStartMs ?? Number.NEGATIVE_INFINITY) + options.warmupMs);
  const analysed = points.filter((point) => point.atMs >= since && point.atMs <= nowMs).sort((a, b) => a.atMs - b.atMs);
  const durationMs = analysed.length > 1 ? (analysed.at(-1)?.atMs ?? 0) - (analysed[0]?.atMs ?? 0) : 0;
  const base = { samples: analysed.length, durationS: durationMs / 1000 };
  if (analysed.length < options.minSamples || durationMs < options.minDurationMs) {
    const needed = `${Math.ceil(options.minDurationMs / 60_000)} min and ${options.minSamples} samples after the warm-up`;
    return { ...base, verdict: 'insufficient_data', heap: null, rss: null, growthMbPerH: null, r2: null, hoursToLimit: null, reason: `needs ${needed}` };
  }
  const heap = trendOf(analysed, (point) => point.heapUsedMb, options);
  const rss = trendOf(analysed, (point) => point.rssMb, options);
  const leaking = [rss, heap].filter((trend): trend is SeriesTrend => trend !== null && isLeaking(trend, options));
  const lastRssMb = analysed.at(-1)?.rssMb ?? 0;
  const judged = leaking[0];
  if (!judged) {
    const steeper = [heap, rss].filter((trend) => trend !== null).sort((a, b) => b.slopeMbPerH - a.slopeMbPerH)[0];
    return {
      ...base,
      verdict: 'no_leak',
      heap,
      rss,
      growthMbPerH: steeper?.slopeMbPerH ?? null,
      r2: steeper?.r2 ?? null,
      hoursToLimit: null,
      reason: 'troughs do not rise steadily, or their rise levels off',
    };
  }
  const hoursToLimit = Math.max(0, (options.memoryLimitMb - lastRssMb) / judged.troughSlopeMbPerH);
  const series = judged === rss ? 'RSS' : 'heap';
  const reason = `${series} troughs rise ${judged.troughSlopeMbPerH.toFixed(1)} MB/h (R² ${judged.troughR2.toFixed(2)}) over ${(durationMs / 60_000).toFixed(0)} min`;
  return { ...base, verdict: 'leak', heap, rss, growthMbPerH: judged.troughSlopeMbPerH, r2: judged.troughR2, hoursToLimit, reason };
}

function isLeaking(trend: SeriesTrend, options: LeakOptions): boolean {
  const rising = trend.troughSlopeMbPerH >= options.minSlopeMbPerH && trend.troughR2 >= options.minR2 && trend.slopeMbPerH >= options.minSlopeMbPerH;
  const levelling = trend.lateTroughSlopeMbPerH < Math.max(options.minSlopeMbPerH, LEVELLING_RATIO * trend.earlyTroughSlopeMbPerH);
  return rising && !levelling;
}

function trendOf(points: readonly MemoryPoint[], value: (point: MemoryPoint) => number, options: LeakOptions): SeriesTrend | null {
  const startMs = points[0]?.atMs ?? 0;
  const toXy = (point: MemoryPoint) => ({ x: (point.atMs - startMs) / HOUR_MS, y: value(point) });
  const overall = leastSquares(points.map(toXy));
  const troughs = troughsOf(points, value, options.troughSegments).map(toXy);
  const half = Math.ceil(troughs.length / 2);
  const troughFit = leastSquares(troughs);
  const early = leastSquares(troughs.slice(0, half));
  const late = leastSquares(troughs.slice(troughs.length - half));
  if (!overall || !troughFit || !early || !late) return null;
  return {
    slopeMbPerH: overall.slope,
    r2: overall.r2,
    troughSlopeMbPerH: troughFit.slope,
    troughR2: troughFit.r2,
    earlyTroughSlopeMbPerH: early.slope,
    lateTroughSlopeMbPerH: late.slope,
  };
}

/** The lowest point of each of `segments` equal time slices (empty slices are skipped). */
function troughsOf(points: readonly MemoryPoint[], value: (point: MemoryPoint) => number, segments: number): MemoryPoint[] {
  const startMs = points[0]?.atMs ?? 0;
  const spanMs = Math.max(1, (points.at(-1)?.atMs ?? 0) - startMs);
  const lowest = new Map<number, MemoryPoint>();
  for (const point of points) {
    const slice = Math.min(segments - 1, Math.floor(((point.atMs - startMs) / spanMs) * segments));
    const current = lowest.get(slice);
    if (!current || value(point) < value(current)) lowest.set(slice, point);
  }
  return [...lowest.values()];
}
