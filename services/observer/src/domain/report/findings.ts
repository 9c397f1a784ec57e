import type { ScalingAdvice } from '../scaling.js';
import type { Bottleneck, Recommendation, ServiceReport, ServiceReportInput } from './report-types.js';

/** The figures of a service report, before its findings. */
export type ServiceFigures = Omit<ServiceReport, 'bottlenecks' | 'recommendations' | 'changes' | 'status'>;

export interface Findings {
  readonly bottlenecks: Bottleneck[];
  readonly recommendations: Recommendation[];
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const pct = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`;

/** Finds what limits a service and what to do about it, each recommendation justified by its figures. */
export function findingsOf(figures: ServiceFigures, input: ServiceReportInput): Findings {
  const findings: Findings = { bottlenecks: [], recommendations: [] };
  unreachable(findings, input);
  scaling(findings, figures.scaling);
  slowRoutes(findings, figures);
  pool(findings, figures);
  errors(findings, figures, input);
  eventLoop(findings, figures);
  leak(findings, figures);
  return findings;
}

function unreachable(findings: Findings, input: ServiceReportInput): void {
  for (const instance of input.instances.filter((item) => !item.reachableNow || item.reachableShare < 1)) {
    const share = pct(1 - instance.reachableShare);
    findings.bottlenecks.push({
      kind: 'unreachable',
      detail: `${instance.url} missed ${share} of the polls${instance.reachableNow ? '' : ' and does not answer now'}`,
    });
    if (!instance.reachableNow) {
      findings.recommendations.push({
        kind: 'restore_instance',
        action: `Restart or remove ${instance.url}`,
        justification: `It did not answer the last poll and missed ${share} of the window's polls.`,
      });
    }
  }
}

function scaling(findings: Findings, advice: ScalingAdvice | null): void {
  if (!advice || advice.action === 'hold') return;
  if (advice.action === 'scale_out') findings.bottlenecks.push({ kind: 'cpu', detail: `instances run at ${pct(advice.utilization)} utilisation` });
  const verb = advice.action === 'scale_out' ? 'Scale out' : 'Scale in';
  findings.recommendations.push({
    kind: advice.action,
    action: `${verb} from ${advice.currentInstances} to ${advice.recommendedInstances} instance(s)`,
    justification: `${advice.justification}.`,
  });
}

function slowRoutes(findings: Findings, figures: ServiceFigures): void {
  const cpuBound = (figures.scaling?.utilization ?? 0) * 100 >= figures.cpu_percent.threshold;
  for (const endpoint of figures.critical_endpoints) {
    if (endpoint.p95_ms === null || endpoint.threshold_ms === undefined || endpoint.p95_ms <= endpoint.threshold_ms) continue;
    const over = `${endpoint.route} p95 ${ms(endpoint.p95_ms)} exceeds its ${ms(endpoint.threshold_ms)} threshold over ${endpoint.requests} requests`;
    findings.bottlenecks.push({ kind: 'latency', detail: over });
    const why = cpuBound
      ? `the instances are CPU-bound, so the route competes for CPU: scaling out (if recommended) helps, reducing its work helps more`
      : `CPU is at ${figures.cpu_percent.mean?.toFixed(0) ?? '?'} %, so the time is spent waiting (database, downstream calls), not computing: more instances would not help`;
    findings.recommendations.push({ kind: 'optimise_route', action: `Optimise ${endpoint.route}`, justification: `${over}; ${why}.` });
  }
}

function pool(findings: Findings, figures: ServiceFigures): void {
  const { total, waiting_max: waiting, saturation_max: saturation } = figures.pool;
  if (total === null || total === 0) return;
  if ((waiting ?? 0) <= 0 && (saturation ?? 0) < 0.9) return;
  const detail = `the database pool of ${total} connection(s) had up to ${waiting ?? 0} request(s) waiting and was up to ${pct(saturation ?? 0)} busy`;
  findings.bottlenecks.push({ kind: 'pool', detail });
  const size = Math.max(total + (waiting ?? 0), Math.ceil(total * 1.5));
  findings.recommendations.push({
    kind: 'larger_pool',
    action: `Raise DB_POOL_MAX from ${total} to ${size}`,
    justification: `${capitalise(detail)}; ${size} covers the waiting requests (or 1.5 × the pool) if the database allows that many connections per instance.`,
  });
}

function errors(findings: Findings, figures: ServiceFigures, input: ServiceReportInput): void {
  const threshold = input.policy.thresholds.error_rate;
  if (figures.error_rate === null || figures.error_rate <= threshold) return;
  const worst = [...input.routes].sort((a, b) => b.errors - a.errors)[0];
  const detail = `${pct(figures.error_rate)} of requests failed with 5xx (${figures.errors} errors), above the ${pct(threshold)} threshold`;
  findings.bottlenecks.push({ kind: 'errors', detail });
  const where = worst && worst.errors > 0 ? `; most come from ${worst.route} (${worst.errors} of ${worst.requests})` : '';
  findings.recommendations.push({
    kind: 'fix_errors',
    action: `Fix the 5xx answers${worst && worst.errors > 0 ? ` of ${worst.route}` : ''}`,
    justification: `${capitalise(detail)}${where}.`,
  });
}

function eventLoop(findings: Findings, figures: ServiceFigures): void {
  const { max, threshold } = figures.event_loop_lag_ms;
  if (max === null || max <= threshold) return;
  const detail = `event-loop lag p99 reached ${ms(max)}, above the ${ms(threshold)} threshold`;
  findings.bottlenecks.push({ kind: 'event_loop', detail });
  findings.recommendations.push({
    kind: 'unblock_event_loop',
    action: 'Move blocking work off the event loop',
    justification: `${capitalise(detail)}: synchronous work (large JSON, crypto, regular expressions, sorting) delays every request of the instance; stream it, batch it or run it in a worker thread.`,
  });
}

function leak(findings: Findings, figures: ServiceFigures): void {
  const memory = figures.memory;
  if (memory.verdict !== 'leak' || memory.growth_mb_per_hour === null) return;
  const until = memory.hours_to_limit === null ? '' : `; at this rate the RSS reaches the memory limit in ${memory.hours_to_limit.toFixed(1)} h`;
  const detail = `memory after garbage collection grows ${memory.growth_mb_per_hour.toFixed(1)} MB/h (R² ${memory.r2?.toFixed(2) ?? '?'})${until}`;
  findings.bottlenecks.push({ kind: 'memory', detail });
  findings.recommendations.push({
    kind: 'investigate_leak',
    action: 'Investigate a suspected memory leak',
    justification: `${capitalise(detail)}. Compare two heap snapshots taken some minutes apart (node --heapsnapshot-signal=SIGUSR2) for objects that only grow.`,
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
