import type { ObserverConfig } from '@erp/contracts';
import { servicePolicy, serviceQueries, timingOf, toDuration } from './promql.js';
import type { YamlValue } from './yaml.js';

/** The rule file's name next to prometheus.yml, which names it relative to itself. */
export const ALERTS_FILE = 'alerts.yml';

/** `prometheus.yml`: one scrape job per service of observer_config.json, at its URL, named after the service. */
export function prometheusConfig(config: ObserverConfig): YamlValue {
  const { intervalMs } = timingOf(config);
  return {
    global: {
      scrape_interval: toDuration(intervalMs),
      // Prometheus refuses a timeout longer than the interval; its own default is 10 s.
      scrape_timeout: toDuration(Math.min(intervalMs, 10_000)),
      evaluation_interval: toDuration(intervalMs),
      external_labels: { system: 'erp' },
    },
    rule_files: [ALERTS_FILE],
    scrape_configs: Object.entries(config.services).map(([service, entry]) => {
      const url = new URL(entry.url);
      return {
        job_name: service,
        scheme: url.protocol.replace(':', ''),
        metrics_path: `${url.pathname.replace(/\/+$/, '')}/metrics`,
        static_configs: [{ targets: [url.host] }],
      };
    }),
  };
}

interface Rule {
  readonly alert: string;
  readonly expr: string;
  readonly threshold: number;
  readonly unit: string;
  readonly summary: string;
  readonly endpoint?: string;
  readonly for?: string;
}

function ruleOf(config: ObserverConfig, service: string, rule: Rule): YamlValue {
  const { forMs } = timingOf(config);
  return {
    alert: rule.alert,
    expr: `${rule.expr} > ${rule.threshold}`,
    for: rule.for ?? toDuration(forMs),
    labels: { severity: 'critical', service, ...(rule.endpoint ? { endpoint: rule.endpoint } : {}) },
    annotations: {
      summary: `${service}: ${rule.summary}`,
      description: `${rule.summary} is {{ $value | printf "%.3g" }}${rule.unit}, above the threshold of ${rule.threshold}${rule.unit} in observer_config.json.`,
      notify: `${config.alerts.notify.channel}:${config.alerts.notify.to}`,
    },
  };
}

/**
 * `alerts.yml`: per service the rules the observer applies itself, with its thresholds, each firing after
 * `critical_after` intervals in breach (as the observer opens an incident): an instance down, CPU, event-loop
 * lag, memory growth, the error rate, and the p95 latency of every critical endpoint.
 */
export function alertRules(config: ObserverConfig): YamlValue {
  const { forMs } = timingOf(config);
  return {
    groups: Object.keys(config.services).map((service) => {
      const { thresholds, criticalEndpoints } = servicePolicy(config, service);
      const queries = serviceQueries(config, service);
      const rules: Rule[] = [
        { alert: 'ErpCpuHigh', expr: queries.cpuPercent, threshold: thresholds.cpu_percent, unit: ' %', summary: 'CPU of one instance' },
        { alert: 'ErpEventLoopLagHigh', expr: queries.eventLoopLagMs, threshold: thresholds.event_loop_lag_ms, unit: ' ms', summary: 'event-loop lag p99' },
        {
          alert: 'ErpMemoryGrowing',
          // Like the observer, the first half hour of a process (warming caches) is no leak.
          expr: `(${queries.memoryGrowthMbPerHour} and (${queries.uptimeS}) > 1800)`,
          threshold: thresholds.memory_growth_mb_per_hour,
          unit: ' MB/h',
          summary: 'resident memory growth',
        },
        { alert: 'ErpErrorRateHigh', expr: `(${queries.errorRate})`, threshold: thresholds.error_rate, unit: '', summary: 'share of 5xx responses' },
        ...criticalEndpoints.map((endpoint) => ({
          alert: 'ErpEndpointLatencyHigh',
          expr: queries.endpointLatencyP95Ms(endpoint),
          threshold: thresholds.latency_p95_ms,
          unit: ' ms',
          summary: `p95 latency of ${endpoint}`,
          endpoint,
        })),
      ];
      return {
        name: `erp-${service}`,
        rules: [
          {
            alert: 'ErpInstanceDown',
            expr: `${queries.up} == 0`,
            for: toDuration(forMs),
            labels: { severity: 'critical', service },
            annotations: {
              summary: `${service}: an instance does not answer`,
              description: `{{ $labels.instance }} has not answered /metrics for ${config.alerts.critical_after} intervals.`,
              notify: `${config.alerts.notify.channel}:${config.alerts.notify.to}`,
            },
          },
          ...rules.map((rule) => ruleOf(config, service, rule)),
        ],
      };
    }),
  };
}
