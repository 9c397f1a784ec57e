import { histogramQuantile } from '../histogram.js';
import { recommendInstances } from '../scaling.js';
import { metricValue } from '../service-point.js';
import { OPERATIONAL_ROUTES } from '../traffic.js';
import { findingsOf, type ServiceFigures } from './findings.js';
import type { FigureChange, InstanceSummary, OptimizationReport, RouteFigures, RouteSummary, ServiceReport, ServiceReportInput } from './report-types.js';

const SLOWEST_ROUTES = 5;

export interface ReportContext {
  readonly generatedAt: Date;
  readonly from: Date;
  readonly to: Date;
  /** The latest stored report, to show what changed since. */
  readonly previous: { readonly id: string; readonly report: OptimizationReport } | null;
}

/** The optimisation report over the window: per service its figures, bottlenecks, recommendations and changes. */
export function buildOptimizationReport(inputs: readonly ServiceReportInput[], context: ReportContext): OptimizationReport {
  const previousServices = new Map((context.previous?.report.services ?? []).map((service) => [service.name, service]));
  const services = inputs.map((input) => buildServiceReport(input, previousServices.get(input.service)));
  return {
    generated_at: context.generatedAt.toISOString(),
    window: { from: context.from.toISOString(), to: context.to.toISOString(), minutes: Math.round((context.to.getTime() - context.from.getTime()) / 60_000) },
    previous: context.previous ? { id: context.previous.id, generated_at: context.previous.report.generated_at } : null,
    summary: {
      services: services.length,
      failing: services.filter((service) => service.status === 'fail').length,
      warning: services.filter((service) => service.status === 'warn').length,
      recommendations: services.reduce((sum, service) => sum + service.recommendations.length, 0),
    },
    services,
  };
}

/** One service's part of the report. */
export function buildServiceReport(input: ServiceReportInput, previous: ServiceReport | undefined): ServiceReport {
  const figures = figuresOf(input);
  const { bottlenecks, recommendations } = findingsOf(figures, input);
  const unreachableAll = input.instances.length > 0 && figures.instances.reachable === 0;
  const status = input.openIncidents > 0 || unreachableAll ? 'fail' : input.window === null ? 'unknown' : bottlenecks.length > 0 ? 'warn' : 'pass';
  const report = { ...figures, status, bottlenecks, recommendations, changes: [] } satisfies ServiceReport;
  return { ...report, changes: previous ? changesSince(previous, report) : [] };
}

function figuresOf(input: ServiceReportInput): ServiceFigures {
  const { thresholds } = input.policy;
  const window = input.window;
  const value = (metric: Parameters<typeof metricValue>[1]) => (window ? metricValue(window, metric) : null);
  const reachable = input.instances.filter((instance) => instance.reachableNow);
  const routes = input.routes.map((route) => routeFigures(route));
  const requestRate = value('request_rate');
  return {
    name: input.service,
    instances: { total: input.instances.length, reachable: reachable.length },
    request_rate: requestRate,
    error_rate: value('error_rate'),
    errors: window?.errors ?? 0,
    latency_ms: { p50: value('latency_p50_ms'), p95: value('latency_p95_ms'), p99: value('latency_p99_ms') },
    critical_endpoints: input.policy.criticalEndpoints.map((route) => ({
      ...(routes.find((figures) => figures.route === route) ?? { route, requests: 0, error_rate: null, p95_ms: null, p99_ms: null }),
      threshold_ms: thresholds.latency_p95_ms,
    })),
    cpu_percent: { mean: window?.cpuPercent ?? null, threshold: thresholds.cpu_percent },
    memory: memoryOf(input, window?.rssMb ?? null, window?.heapUsedMb ?? null),
    event_loop_lag_ms: { max: window?.eventLoopLagMs ?? null, threshold: thresholds.event_loop_lag_ms },
    pool: {
      total: maxOf(input.instances.map((instance) => instance.poolTotal)),
      waiting_max: maxOf(input.instances.map((instance) => instance.poolWaitingMax)),
      saturation_max: maxOf(input.instances.map((instance) => instance.poolSaturationMax)),
    },
    slowest_routes: routes
      .filter((route) => !OPERATIONAL_ROUTES.has(route.route) && route.p95_ms !== null)
      .sort((a, b) => (b.p95_ms ?? 0) - (a.p95_ms ?? 0))
      .slice(0, SLOWEST_ROUTES),
    open_incidents: input.openIncidents,
    scaling:
      window && reachable.length > 0
        ? recommendInstances({
            instances: reachable.length,
            requestRatePerS: requestRate ?? 0,
            cpuPercent: meanOf(reachable.map((instance) => instance.cpuPercent)) ?? 0,
            eventLoopUtilization: meanOf(reachable.map((instance) => instance.eventLoopUtilization)) ?? 0,
            targetUtilization: thresholds.cpu_percent / 100,
            minInstances: input.policy.scaling.minInstances,
            maxInstances: input.policy.scaling.maxInstances,
          })
        : null,
  };
}

function routeFigures(route: RouteSummary): RouteFigures {
  const quantileMs = (q: number) => {
    const seconds = histogramQuantile(q, route.buckets);
    return seconds === null ? null : seconds * 1000;
  };
  return {
    route: route.route,
    requests: route.requests,
    error_rate: route.requests > 0 ? route.errors / route.requests : null,
    p95_ms: quantileMs(0.95),
    p99_ms: quantileMs(0.99),
  };
}

/** The memory trend of the service: its worst instance (a leak first, then the steepest growth). */
function memoryOf(input: ServiceReportInput, rssMb: number | null, heapUsedMb: number | null): ServiceFigures['memory'] {
  const judged = input.instances.filter((instance): instance is InstanceSummary & { leak: NonNullable<InstanceSummary['leak']> } => instance.leak !== null);
  const rank = (instance: (typeof judged)[number]) => (instance.leak.verdict === 'leak' ? 1e9 : 0) + (instance.leak.growthMbPerH ?? -1e9);
  const worst = [...judged].sort((a, b) => rank(b) - rank(a))[0]?.leak;
  return {
    rss_mb: rssMb,
    heap_used_mb: heapUsedMb,
    verdict: worst?.verdict ?? null,
    growth_mb_per_hour: worst?.growthMbPerH ?? null,
    r2: worst?.r2 ?? null,
    hours_to_limit: worst?.hoursToLimit ?? null,
    threshold_mb_per_hour: input.policy.thresholds.memory_growth_mb_per_hour,
  };
}

function changesSince(before: ServiceReport, after: ServiceReport): FigureChange[] {
  const pairs: [string, number | null, number | null][] = [
    ['instances', before.instances.reachable, after.instances.reachable],
    ['request_rate', before.request_rate, after.request_rate],
    ['error_rate', before.error_rate, after.error_rate],
    ['latency_p95_ms', before.latency_ms.p95, after.latency_ms.p95],
    ['cpu_percent', before.cpu_percent.mean, after.cpu_percent.mean],
    ['rss_mb', before.memory.rss_mb, after.memory.rss_mb],
    ['event_loop_lag_ms', before.event_loop_lag_ms.max, after.event_loop_lag_ms.max],
    ...after.critical_endpoints.map((endpoint): [string, number | null, number | null] => [
      `${endpoint.route} p95_ms`,
      before.critical_endpoints.find((previous) => previous.route === endpoint.route)?.p95_ms ?? null,
      endpoint.p95_ms,
    ]),
  ];
  return pairs.flatMap(([figure, was, now]) =>
    was === null || now === null ? [] : [{ figure, before: was, after: now, change_percent: was === 0 ? null : ((now - was) / Math.abs(was)) * 100 }],
  );
}

function maxOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length > 0 ? Math.max(...present) : null;
}

function meanOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length > 0 ? present.reduce((sum, value) => sum + value, 0) / present.length : null;
}
