import type { OptimizationReport, RouteFigures, ServiceReport } from './report-types.js';

/** A format-neutral block of a rendered report; Markdown and HTML render the same blocks. */
export type Block =
  | { readonly type: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly type: 'paragraph'; readonly text: string }
  | { readonly type: 'table'; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] }
  | { readonly type: 'list'; readonly ordered: boolean; readonly items: readonly string[] };

const number = (value: number | null, digits = 1, unit = '') => (value === null ? '–' : `${value.toFixed(digits)}${unit}`);
const percent = (share: number | null) => (share === null ? '–' : `${(share * 100).toFixed(share < 0.1 ? 2 : 1)} %`);

/** The report as blocks: a summary, then one section per service. */
export function reportBlocks(report: OptimizationReport): Block[] {
  const compared = report.previous
    ? ` Compared with report ${report.previous.id} of ${report.previous.generated_at}.`
    : ' No earlier stored report to compare with.';
  const { summary } = report;
  return [
    { type: 'heading', level: 1, text: 'Optimisation report' },
    {
      type: 'paragraph',
      text: `Generated ${report.generated_at} over ${report.window.minutes} min (${report.window.from} to ${report.window.to}).${compared}`,
    },
    {
      type: 'paragraph',
      text: `${summary.services} service(s): ${summary.failing} failing, ${summary.warning} with warnings, ${summary.recommendations} recommendation(s).`,
    },
    ...report.services.flatMap(serviceBlocks),
  ];
}

function serviceBlocks(service: ServiceReport): Block[] {
  const blocks: Block[] = [
    { type: 'heading', level: 2, text: `${service.name}: ${service.status}` },
    { type: 'table', header: ['figure', 'value', 'threshold'], rows: figureRows(service) },
  ];
  if (service.critical_endpoints.length > 0)
    blocks.push({ type: 'heading', level: 3, text: 'Critical endpoints' }, routeTable(service.critical_endpoints, true));
  if (service.slowest_routes.length > 0) blocks.push({ type: 'heading', level: 3, text: 'Slowest routes' }, routeTable(service.slowest_routes, false));
  blocks.push({ type: 'heading', level: 3, text: 'Bottlenecks' });
  blocks.push(
    service.bottlenecks.length > 0
      ? { type: 'list', ordered: false, items: service.bottlenecks.map((item) => `${item.kind}: ${item.detail}`) }
      : { type: 'paragraph', text: 'None found.' },
  );
  blocks.push({ type: 'heading', level: 3, text: 'Recommendations' });
  blocks.push(
    service.recommendations.length > 0
      ? { type: 'list', ordered: true, items: service.recommendations.map((item) => `${item.action}. ${item.justification}`) }
      : { type: 'paragraph', text: 'None: the service is within its thresholds.' },
  );
  if (service.changes.length > 0) {
    blocks.push({ type: 'heading', level: 3, text: 'Changes since the previous report' });
    blocks.push({
      type: 'table',
      header: ['figure', 'before', 'after', 'change'],
      rows: service.changes.map((change) => [change.figure, number(change.before, 2), number(change.after, 2), number(change.change_percent, 1, ' %')]),
    });
  }
  return blocks;
}

function figureRows(service: ServiceReport): string[][] {
  const { latency_ms: latency, memory, pool } = service;
  const trend = memory.verdict === null ? '–' : `${memory.verdict}, ${number(memory.growth_mb_per_hour, 1, ' MB/h')} (R² ${number(memory.r2, 2)})`;
  const limit = memory.hours_to_limit === null ? '' : `, limit in ${memory.hours_to_limit.toFixed(1)} h`;
  return [
    ['instances answering', `${service.instances.reachable} of ${service.instances.total}`, ''],
    ['request rate', number(service.request_rate, 2, ' req/s'), ''],
    ['error rate (5xx)', `${percent(service.error_rate)} (${service.errors})`, ''],
    ['latency p50 / p95 / p99', `${number(latency.p50)} / ${number(latency.p95)} / ${number(latency.p99)} ms`, ''],
    ['CPU (mean)', number(service.cpu_percent.mean, 1, ' %'), `${service.cpu_percent.threshold} %`],
    ['memory (RSS / heap)', `${number(memory.rss_mb, 1, ' MB')} / ${number(memory.heap_used_mb, 1, ' MB')}`, ''],
    ['memory trend', `${trend}${limit}`, `${memory.threshold_mb_per_hour} MB/h`],
    ['event-loop lag p99 (max)', number(service.event_loop_lag_ms.max, 1, ' ms'), `${service.event_loop_lag_ms.threshold} ms`],
    ['database pool', `${pool.total ?? '–'} connections, up to ${pool.waiting_max ?? '–'} waiting, up to ${percent(pool.saturation_max)} busy`, ''],
    ['open incidents', String(service.open_incidents), ''],
  ];
}

function routeTable(routes: readonly RouteFigures[], withThreshold: boolean): Block {
  return {
    type: 'table',
    header: ['route', 'requests', 'errors', 'p95', 'p99', ...(withThreshold ? ['threshold'] : [])],
    rows: routes.map((route) => [
      route.route,
      String(route.requests),
      percent(route.error_rate),
      number(route.p95_ms, 1, ' ms'),
      number(route.p99_ms, 1, ' ms'),
      ...(withThreshold ? [route.threshold_ms === undefined ? '–' : `${route.threshold_ms} ms`] : []),
    ]),
  };
}
