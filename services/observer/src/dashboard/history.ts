import type { SeriesPlan } from '../domain/series-plan.js';
import { combinePoints, metricValue, type ServicePoint } from '../domain/service-point.js';

/** The figures the dashboard charts, per service. */
export const DASHBOARD_METRICS = ['cpu_percent', 'rss_mb', 'latency_p95_ms', 'request_rate', 'error_rate'] as const;
export type DashboardMetric = (typeof DASHBOARD_METRICS)[number];

/** Figures of one moment, as the charts and the live stream carry them. */
export type DashboardValues = Record<DashboardMetric, number | null>;

/**
 * A service's history in columns, as the chart library takes it: `t` holds epoch seconds (the start of each
 * step), and every metric array has the same length, `null` where nothing was measured.
 */
export type DashboardSeries = { t: number[] } & Record<DashboardMetric, (number | null)[]>;

/**
 * Four significant digits: more than a chart can show, and half the bytes of a full double, so that 20 services
 * over 48 hours load in one small response.
 */
export function compactNumber(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return Number(value.toPrecision(4));
}

/** The dashboard figures of `point`, rounded for the wire. */
export function dashboardValues(point: ServicePoint): DashboardValues {
  const values = {} as DashboardValues;
  for (const metric of DASHBOARD_METRICS) values[metric] = compactNumber(metricValue(point, metric));
  return values;
}

/**
 * Cuts stored points into the plan's steps and merges each step (latency from the merged histogram, never an
 * average of p95s). At most `ceil(range / step)` rows; steps without any point are left out.
 */
export function dashboardSeries(points: readonly { atMs: number; point: ServicePoint }[], plan: SeriesPlan): DashboardSeries {
  const lastIndex = Math.max(0, Math.ceil((plan.toMs - plan.fromMs) / plan.stepMs) - 1);
  const steps = new Map<number, ServicePoint[]>();
  for (const { atMs, point } of points) {
    if (atMs < plan.fromMs || atMs > plan.toMs) continue;
    // A point exactly at `to` belongs to the last step, so the row count never exceeds the cap.
    const index = Math.min(lastIndex, Math.floor((atMs - plan.fromMs) / plan.stepMs));
    const step = steps.get(index);
    if (step) step.push(point);
    else steps.set(index, [point]);
  }
  const series = { t: [] as number[] } as DashboardSeries;
  for (const metric of DASHBOARD_METRICS) series[metric] = [];
  for (const [index, stepPoints] of [...steps.entries()].sort(([a], [b]) => a - b)) {
    series.t.push(Math.floor((plan.fromMs + index * plan.stepMs) / 1000));
    const values = dashboardValues(combinePoints(stepPoints));
    for (const metric of DASHBOARD_METRICS) series[metric].push(values[metric]);
  }
  return series;
}
