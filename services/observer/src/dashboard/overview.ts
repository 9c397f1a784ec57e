import { countOpenIncidents, listIncidents } from '../db/incidents.js';
import { findLatestSamples } from '../db/instance-samples.js';
import { listReports } from '../db/reports.js';
import { findLatestPoints } from '../db/service-points.js';
import { planSeries, type SeriesPlan } from '../domain/series-plan.js';
import type { ServicePoint } from '../domain/service-point.js';
import { type RouteContext, recentWindowMs } from '../routes/context.js';
import { toServiceViews } from '../routes/service-views.js';
import { findPointsOfAllServices } from './dashboard-queries.js';
import { type DashboardSeries, dashboardSeries } from './history.js';
import { incidentRowToView } from './round-message.js';

export interface OverviewRequest {
  readonly rangeMin: number;
  /** At most this many points per series. */
  readonly points: number;
}

// Open incidents shown at once; more than this many open at the same time is a different kind of problem.
const OPEN_INCIDENTS_MAX = 200;
const BUCKET_MS = { '1m': 60_000, '1h': 3_600_000 } as const;
// Raw polls read after the newest rollup: enough for the minutes maintenance has not rolled up yet, and bounded,
// so a range of rollups never turns into a read of every raw poll when maintenance has fallen behind.
const RAW_TAIL_MS_MAX = 15 * 60_000;

/**
 * What the dashboard loads first: every service as `GET /services` shows it, plus its history over the range
 * cut into at most `points` steps (raw polls for short ranges, 1-minute or 1-hour rollups for longer ones), the
 * open incidents and the newest stored report.
 */
export async function loadOverview(context: RouteContext, request: OverviewRequest) {
  const config = context.source.current();
  const now = context.now();
  const toMs = now.getTime();
  const fromMs = toMs - request.rangeMin * 60_000;
  const stepS = Math.max(1, Math.ceil((toMs - fromMs) / request.points / 1000));
  const plan = planSeries({ fromMs, toMs, stepS, rawSinceMs: toMs - context.rawRetentionMs, intervalMs: config.interval_ms });
  const since = new Date(toMs - recentWindowMs(config.interval_ms));
  const [samples, latest, openCounts, history, incidents, reports] = await Promise.all([
    findLatestSamples(context.db, since),
    findLatestPoints(context.db, since),
    countOpenIncidents(context.db),
    loadHistory(context, plan),
    listIncidents(context.db, { status: 'open', limit: OPEN_INCIDENTS_MAX }),
    listReports(context.db, 1),
  ]);
  const report = reports[0];
  const empty = dashboardSeries([], plan);
  return {
    observed_at: now.toISOString(),
    interval_ms: config.interval_ms,
    range: { from: new Date(plan.fromMs).toISOString(), to: new Date(plan.toMs).toISOString(), step_s: plan.stepMs / 1000, resolution: plan.resolution },
    services: toServiceViews(config, samples, latest, openCounts).map((view) => ({ ...view, series: history.get(view.name) ?? empty })),
    incidents: incidents.map(incidentRowToView),
    latest_report: report ? { id: report.id, created_at: report.created_at.toISOString() } : null,
  };
}

/**
 * The series of every service. Rollups lag behind the polls (a minute is rolled up while and after it fills),
 * so the raw polls after each service's newest rollup bucket fill the end of the range.
 */
async function loadHistory(context: RouteContext, plan: SeriesPlan): Promise<Map<string, DashboardSeries>> {
  const from = new Date(plan.fromMs);
  const to = new Date(plan.toMs);
  const byService = await findPointsOfAllServices(context.db, plan.resolution, from, to);
  if (plan.resolution !== 'raw') {
    const bucketMs = BUCKET_MS[plan.resolution];
    const coveredUntil = new Map([...byService].map(([service, points]) => [service, (points.at(-1)?.atMs ?? plan.fromMs - bucketMs) + bucketMs]));
    const earliestMs = coveredUntil.size > 0 ? Math.min(...coveredUntil.values()) : plan.fromMs;
    const tailFromMs = Math.min(plan.toMs, Math.max(plan.fromMs, plan.toMs - RAW_TAIL_MS_MAX, earliestMs));
    const tail = await findPointsOfAllServices(context.db, 'raw', new Date(tailFromMs), to);
    for (const [service, points] of tail) {
      const boundMs = coveredUntil.get(service) ?? plan.fromMs;
      const list: { atMs: number; point: ServicePoint }[] = byService.get(service) ?? [];
      list.push(...points.filter((item) => item.atMs >= boundMs));
      byService.set(service, list);
    }
  }
  return new Map([...byService].map(([service, points]) => [service, dashboardSeries(points, plan)]));
}
