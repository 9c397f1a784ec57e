import { RangeInvalidError, RangeTooLargeError } from '../errors.js';
import { combinePoints, metricValue, type SeriesMetric, type ServicePoint } from './service-point.js';

/** Where a series is read from: the raw polls, or the 1-minute or 1-hour rollups. */
export type Resolution = 'raw' | '1m' | '1h';

export interface SeriesPlan {
  readonly resolution: Resolution;
  readonly fromMs: number;
  readonly toMs: number;
  readonly stepMs: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export const SERIES_LIMITS = {
  /** Longer ranges than this read the 1-minute rollups. */
  rawRangeMsMax: 2 * HOUR_MS,
  /** Longer ranges than this read the 1-hour rollups. */
  minuteRangeMsMax: 7 * DAY_MS,
  rangeMsMax: 400 * DAY_MS,
  pointsMax: 2000,
  /** Points a series has when the caller names no step. */
  pointsDefault: 300,
} as const;

export interface SeriesRequest {
  readonly fromMs: number;
  readonly toMs: number;
  readonly stepS: number | undefined;
  /** The oldest raw poll still kept. */
  readonly rawSinceMs: number;
  readonly intervalMs: number;
}

/**
 * Chooses the source and the step of a series. Raw polls serve ranges up to two hours (they are the freshest);
 * longer ranges, or ranges older than the raw retention, read the 1-minute rollups, and ranges over a week,
 * or steps of an hour or more, the 1-hour rollups. Without a step, the range is cut into about 300 points.
 */
export function planSeries(request: SeriesRequest): SeriesPlan {
  const rangeMs = request.toMs - request.fromMs;
  if (!Number.isFinite(rangeMs) || rangeMs <= 0) throw new RangeInvalidError(`from (${iso(request.fromMs)}) must lie before to (${iso(request.toMs)}).`);
  if (rangeMs > SERIES_LIMITS.rangeMsMax) {
    throw new RangeTooLargeError(
      `The range spans ${(rangeMs / DAY_MS).toFixed(1)} days; at most ${SERIES_LIMITS.rangeMsMax / DAY_MS} days can be read at once.`,
    );
  }
  const stepMsAsked = request.stepS === undefined ? undefined : request.stepS * 1000;
  const resolution = resolutionFor(rangeMs, request.fromMs >= request.rawSinceMs, stepMsAsked);
  const natural = { raw: request.intervalMs, '1m': MINUTE_MS, '1h': HOUR_MS }[resolution];
  const stepMs = stepMsAsked ?? Math.max(natural, Math.ceil(rangeMs / SERIES_LIMITS.pointsDefault / 1000) * 1000);
  const points = Math.ceil(rangeMs / stepMs);
  if (points > SERIES_LIMITS.pointsMax) {
    throw new RangeTooLargeError(
      `A step of ${stepMs / 1000} s over this range gives ${points} points; at most ${SERIES_LIMITS.pointsMax}. Choose a step of at least ${Math.ceil(rangeMs / SERIES_LIMITS.pointsMax / 1000)} s.`,
    );
  }
  return { resolution, fromMs: request.fromMs, toMs: request.toMs, stepMs };
}

function resolutionFor(rangeMs: number, rawKept: boolean, stepMs: number | undefined): Resolution {
  if (rangeMs > SERIES_LIMITS.minuteRangeMsMax || (stepMs ?? 0) >= HOUR_MS) return '1h';
  if (rangeMs > SERIES_LIMITS.rawRangeMsMax || !rawKept) return '1m';
  return 'raw';
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : 'invalid';
}

/** Cuts stored points into the plan's steps and gives each step's value of `metric`; steps without data are left out. */
export function seriesValues(points: readonly { atMs: number; point: ServicePoint }[], plan: SeriesPlan, metric: SeriesMetric): { t: string; value: number }[] {
  const steps = new Map<number, ServicePoint[]>();
  for (const { atMs, point } of points) {
    if (atMs < plan.fromMs || atMs > plan.toMs) continue;
    const index = Math.floor((atMs - plan.fromMs) / plan.stepMs);
    const step = steps.get(index);
    if (step) step.push(point);
    else steps.set(index, [point]);
  }
  return [...steps.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([index, stepPoints]) => {
      const value = metricValue(combinePoints(stepPoints), metric);
      return value === null ? [] : [{ t: new Date(plan.fromMs + index * plan.stepMs).toISOString(), value }];
    });
}
