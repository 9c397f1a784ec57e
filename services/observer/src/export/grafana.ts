import type { ObserverConfig } from '@erp/contracts';
import { servicePolicy, serviceQueries } from './promql.js';

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, resolved by Grafana, not by JavaScript.
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const PANEL_WIDTH = 6;
const PANEL_HEIGHT = 7;
const ROW_WIDTH = 24;

interface PanelDefinition {
  readonly title: string;
  readonly unit: string;
  readonly targets: readonly { readonly expr: string; readonly legend: string }[];
  readonly threshold: number | null;
  readonly max?: number;
}

function timeseries(id: number, x: number, y: number, service: string, panel: PanelDefinition) {
  const steps: { color: string; value: number | null }[] = [{ color: 'green', value: null }];
  if (panel.threshold !== null) steps.push({ color: 'red', value: panel.threshold });
  return {
    id,
    type: 'timeseries',
    title: `${service} · ${panel.title}`,
    datasource: DATASOURCE,
    gridPos: { h: PANEL_HEIGHT, w: PANEL_WIDTH, x, y },
    targets: panel.targets.map((target, index) => ({
      refId: String.fromCharCode(65 + index),
      datasource: DATASOURCE,
      expr: target.expr,
      legendFormat: target.legend,
    })),
    fieldConfig: {
      defaults: {
        unit: panel.unit,
        min: 0,
        ...(panel.max === undefined ? {} : { max: panel.max }),
        thresholds: { mode: 'absolute', steps },
        custom: { thresholdsStyle: { mode: panel.threshold === null ? 'off' : 'line' }, fillOpacity: 10, spanNulls: false },
      },
      overrides: [],
    },
    options: { legend: { showLegend: true, displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi', sort: 'none' } },
  };
}

function servicePanels(config: ObserverConfig, service: string): PanelDefinition[] {
  const { thresholds, criticalEndpoints } = servicePolicy(config, service);
  const queries = serviceQueries(config, service);
  return [
    { title: 'instances up', unit: 'short', targets: [{ expr: queries.up, legend: '{{instance}}' }], threshold: null, max: 1 },
    { title: 'CPU', unit: 'percent', targets: [{ expr: queries.cpuPercent, legend: '{{instance}}' }], threshold: thresholds.cpu_percent },
    { title: 'RAM (RSS)', unit: 'decmbytes', targets: [{ expr: queries.rssMb, legend: '{{instance}}' }], threshold: null },
    {
      title: 'p95 latency',
      unit: 'ms',
      targets: [
        { expr: queries.latencyP95Ms, legend: 'all routes' },
        ...criticalEndpoints.map((endpoint) => ({ expr: queries.endpointLatencyP95Ms(endpoint), legend: endpoint })),
      ],
      threshold: thresholds.latency_p95_ms,
    },
    { title: 'requests', unit: 'reqps', targets: [{ expr: queries.requestRate, legend: 'req/s' }], threshold: null },
    { title: 'error rate', unit: 'percentunit', targets: [{ expr: queries.errorRate, legend: '5xx share' }], threshold: thresholds.error_rate },
    { title: 'event-loop lag p99', unit: 'ms', targets: [{ expr: queries.eventLoopLagMs, legend: '{{instance}}' }], threshold: thresholds.event_loop_lag_ms },
  ];
}

/**
 * `erp-dashboard.json`: a Grafana dashboard with one row per service of observer_config.json, its figures drawn
 * from Prometheus with the thresholds of the config as red lines. Import it and pick the Prometheus data source.
 */
export function grafanaDashboard(config: ObserverConfig) {
  const panels: object[] = [];
  let id = 1;
  let y = 0;
  for (const service of Object.keys(config.services)) {
    panels.push({ id: id++, type: 'row', title: service, collapsed: false, gridPos: { h: 1, w: ROW_WIDTH, x: 0, y }, panels: [] });
    y += 1;
    let x = 0;
    for (const panel of servicePanels(config, service)) {
      if (x + PANEL_WIDTH > ROW_WIDTH) {
        x = 0;
        y += PANEL_HEIGHT;
      }
      panels.push(timeseries(id++, x, y, service, panel));
      x += PANEL_WIDTH;
    }
    y += PANEL_HEIGHT;
  }
  return {
    uid: 'erp-services',
    title: 'ERP services',
    description: 'Generated from observer_config.json by services/observer/scripts/generate-deploy.mjs; edit the config, not this file.',
    tags: ['erp', 'generated'],
    timezone: 'browser',
    editable: false,
    schemaVersion: 39,
    version: 1,
    refresh: '10s',
    time: { from: 'now-1h', to: 'now' },
    templating: {
      list: [{ name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', current: {}, hide: 0, refresh: 1, options: [] }],
    },
    annotations: { list: [] },
    panels,
  };
}
