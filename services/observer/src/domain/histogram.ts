import type { MetricFamily } from './exposition.js';

/**
 * Counts per histogram bucket, keyed by the bucket's upper bound as Prometheus writes it (`"0.25"`, `"+Inf"`).
 * Not cumulative: each count is the observations in that bucket alone, so merging histograms is adding counts.
 */
export type BucketCounts = Record<string, number>;

/** One label set of a histogram at one scrape: cumulative bucket counts as scraped, and the total count. */
export interface HistogramSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly cumulative: Readonly<Record<string, number>>;
  readonly count: number;
}

/** The histogram series of `family` keyed by their label set (without `le`). */
export function histogramSeries(family: MetricFamily | undefined): Map<string, HistogramSeries> {
  const series = new Map<string, { labels: Record<string, string>; cumulative: Record<string, number>; count: number }>();
  if (family?.type !== 'histogram') return series;
  for (const sample of family.samples) {
    const { le, ...labels } = sample.labels;
    const key = labelKey(labels);
    let entry = series.get(key);
    if (!entry) {
      entry = { labels, cumulative: {}, count: 0 };
      series.set(key, entry);
    }
    if (sample.name.endsWith('_bucket') && le !== undefined) entry.cumulative[normaliseBound(le)] = sample.value;
    else if (sample.name.endsWith('_count')) entry.count = sample.value;
  }
  return series;
}

function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function normaliseBound(le: string): string {
  const bound = Number(le === '+Inf' || le === 'Inf' ? Number.POSITIVE_INFINITY : le);
  return bound === Number.POSITIVE_INFINITY ? '+Inf' : String(bound);
}

function boundOf(key: string): number {
  return key === '+Inf' ? Number.POSITIVE_INFINITY : Number(key);
}

/**
 * The observations between two scrapes of one series, as per-bucket counts. Like Prometheus's `increase`, a
 * counter that went down means the process restarted, and the new values are the increase since then.
 */
export function seriesDelta(current: HistogramSeries, previous: HistogramSeries | undefined): { buckets: BucketCounts; count: number } {
  const bounds = Object.keys(current.cumulative).sort((a, b) => boundOf(a) - boundOf(b));
  const reset = !previous || current.count < previous.count || bounds.some((bound) => (current.cumulative[bound] ?? 0) < (previous.cumulative[bound] ?? 0));
  const buckets: BucketCounts = {};
  let below = 0;
  for (const bound of bounds) {
    const cumulative = (current.cumulative[bound] ?? 0) - (reset ? 0 : (previous?.cumulative[bound] ?? 0));
    buckets[bound] = Math.max(0, cumulative - below);
    below = Math.max(below, cumulative);
  }
  return { buckets, count: reset ? current.count : current.count - (previous?.count ?? 0) };
}

/** Adds bucket counts; histograms with different bounds merge over the union of bounds. */
export function mergeBuckets(...histograms: readonly BucketCounts[]): BucketCounts {
  const merged: BucketCounts = {};
  for (const histogram of histograms) {
    for (const [bound, count] of Object.entries(histogram)) merged[bound] = (merged[bound] ?? 0) + count;
  }
  return merged;
}

/** The number of observations in `buckets`. */
export function totalCount(buckets: BucketCounts): number {
  return Object.values(buckets).reduce((sum, count) => sum + count, 0);
}

/**
 * The `q`-quantile of a histogram, the way PromQL's `histogram_quantile` computes it: find the bucket holding
 * the rank `q × total`, then interpolate linearly between its lower and upper bound (the first bucket starts
 * at 0). A rank in the `+Inf` bucket answers the largest finite bound. `null` for an empty histogram.
 */
export function histogramQuantile(q: number, buckets: BucketCounts): number | null {
  const entries = Object.entries(buckets)
    .map(([bound, count]) => [boundOf(bound), count] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let below = 0;
  let lower = 0;
  for (const [upper, count] of entries) {
    if (count > 0 && below + count >= rank) {
      if (upper === Number.POSITIVE_INFINITY) return lower;
      return lower + (upper - lower) * ((rank - below) / count);
    }
    below += count;
    if (upper !== Number.POSITIVE_INFINITY) lower = upper;
  }
  return lower;
}
