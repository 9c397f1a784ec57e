import type { HealthDocument, ObservedMetric } from '@erp/contracts';
import type { LeakAnalysis } from './leak-detection.js';
import type { ServicePolicy } from './thresholds.js';
import type { RequestFigures } from './traffic.js';

/** What one poll found out about one instance. */
export interface InstanceReading {
  readonly url: string;
  readonly reachable: boolean;
  /** Why the instance was unreachable or its health document unusable. */
  readonly error: string | null;
  /** The health document; null when unreachable or not a valid document. */
  readonly health: HealthDocument | null;
  readonly leak: LeakAnalysis | null;
}

/** One service at one poll: its policy, its instances, and its request figures from the histogram deltas. */
export interface ServiceReading {
  readonly service: string;
  readonly policy: ServicePolicy;
  readonly instances: readonly InstanceReading[];
  /** The service's own traffic (operational routes left out); null when there is no delta yet. */
  readonly figures: RequestFigures | null;
  readonly routes: ReadonlyMap<string, RequestFigures>;
}

/** The verdict on one figure; `key` identifies what an incident is about across polls. */
export interface Evaluation {
  readonly key: string;
  readonly service: string;
  readonly instanceUrl: string | null;
  readonly metric: ObservedMetric;
  readonly route: string | null;
  /**
   * False when the figure could not be measured this time (the instance or its metrics did not answer): the
   * subject's streak is then held as it is, neither breach nor clear.
   */
  readonly measured: boolean;
  readonly breached: boolean;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly detail: string;
}

type Subject = Pick<Evaluation, 'service' | 'instanceUrl' | 'metric' | 'route'>;

/** The key of an incident subject: service, instance, metric and route. */
export function incidentKey(subject: Subject): string {
  return [subject.service, subject.instanceUrl ?? '', subject.metric, subject.route ?? ''].join('|');
}

function evaluation(subject: Subject, breached: boolean, value: number | null, threshold: number | null, detail: string): Evaluation {
  return { key: incidentKey(subject), ...subject, measured: true, breached, value, threshold, detail };
}

function unmeasured(subject: Subject, detail: string): Evaluation {
  return { key: incidentKey(subject), ...subject, measured: false, breached: false, value: null, threshold: null, detail };
}

function compare(subject: Subject, value: number, threshold: number, label: string, unit: string): Evaluation {
  const shown = `${label} ${round(value)}${unit}`;
  const detail = value > threshold ? `${shown} exceeds ${threshold}${unit}` : `${shown} within ${threshold}${unit}`;
  return evaluation(subject, value > threshold, value, threshold, detail);
}

function round(value: number): string {
  return Math.abs(value) >= 10 ? value.toFixed(0) : value.toFixed(value === 0 ? 0 : 2);
}

/**
 * Judges one service against its thresholds. Latency is judged per critical endpoint, error rate per service,
 * everything else per instance; a figure breaches when it is above its threshold. A figure that could not be
 * measured (an instance or its metrics did not answer) is marked unmeasured, so a flaky scrape neither opens
 * nor resolves an incident. A route without requests in the interval yields no evaluation: nothing is slow
 * there, which counts as clear.
 */
export function evaluateService(reading: ServiceReading): Evaluation[] {
  const { thresholds } = reading.policy;
  const service = reading.service;
  const results = reading.instances.flatMap((instance) => evaluateInstance(service, instance, reading.policy));
  const serviceSubject = (metric: ObservedMetric, route: string | null = null): Subject => ({ service, instanceUrl: null, metric, route });
  if (!reading.figures) {
    const why = 'no request figures this interval (no metrics delta yet, or /metrics did not answer)';
    return [
      ...results,
      unmeasured(serviceSubject('error_rate'), why),
      ...reading.policy.criticalEndpoints.map((route) => unmeasured(serviceSubject('latency_p95_ms', route), why)),
    ];
  }
  const errorRate = reading.figures.errorRate;
  if (errorRate !== null) results.push(compare(serviceSubject('error_rate'), errorRate, thresholds.error_rate, 'error rate', ''));
  for (const route of reading.policy.criticalEndpoints) {
    const p95 = reading.routes.get(route)?.latencyMsP95;
    if (p95 === null || p95 === undefined) continue;
    results.push(compare(serviceSubject('latency_p95_ms', route), p95, thresholds.latency_p95_ms, `${route} p95`, ' ms'));
  }
  return results;
}

const INSTANCE_GAUGES: readonly ObservedMetric[] = ['cpu_percent', 'event_loop_lag_ms', 'memory_growth_mb_per_hour'];

function evaluateInstance(service: string, instance: InstanceReading, policy: ServicePolicy): Evaluation[] {
  const subject = (metric: ObservedMetric): Subject => ({ service, instanceUrl: instance.url, metric, route: null });
  const held = (why: string) => INSTANCE_GAUGES.map((metric) => unmeasured(subject(metric), why));
  if (!instance.reachable) {
    const detail = `${instance.url} does not answer: ${instance.error ?? 'no response'}`;
    return [evaluation(subject('unreachable'), true, null, null, detail), unmeasured(subject('unhealthy'), detail), ...held(detail)];
  }
  const results = [evaluation(subject('unreachable'), false, null, null, `${instance.url} answers`)];
  const health = instance.health;
  if (!health) {
    const detail = `${instance.url} health unusable: ${instance.error ?? 'no document'}`;
    return [...results, evaluation(subject('unhealthy'), true, null, null, detail), ...held(detail)];
  }
  results.push(evaluation(subject('unhealthy'), health.status === 'fail', null, null, `${instance.url} reports ${health.status}${failingParts(health)}`));
  results.push(compare(subject('cpu_percent'), health.cpu.percent, policy.thresholds.cpu_percent, 'CPU', ' %'));
  results.push(compare(subject('event_loop_lag_ms'), health.event_loop.lag_p99_ms, policy.thresholds.event_loop_lag_ms, 'event-loop lag p99', ' ms'));
  const leak = instance.leak;
  if (leak && leak.verdict !== 'insufficient_data' && leak.growthMbPerH !== null) {
    // Only a leak verdict can breach: a rising line through a GC sawtooth is growth, not a leak.
    const judged = compare(subject('memory_growth_mb_per_hour'), leak.growthMbPerH, policy.thresholds.memory_growth_mb_per_hour, 'memory growth', ' MB/h');
    results.push(leak.verdict === 'leak' ? judged : { ...judged, breached: false, detail: `${judged.detail}; no leak (${leak.reason})` });
  }
  return results;
}

function failingParts(health: HealthDocument): string {
  const failing = [
    health.db.status === 'fail' ? `db (${health.db.detail ?? 'failing'})` : null,
    ...Object.entries(health.checks).map(([name, check]) => (check.status === 'fail' ? name : null)),
  ];
  const names = failing.filter((name) => name !== null);
  return names.length > 0 ? `: ${names.join(', ')} failing` : '';
}
