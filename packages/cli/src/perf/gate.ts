// The verdict of the performance gate: pure arithmetic over what the observer and the load driver measured,
// the thresholds of observer_config.json and the committed baseline. No I/O here, so every rule is tested.

/** Thresholds of one service: `defaults` of observer_config.json merged with the service's overrides. */
export interface GateThresholds {
  readonly latency_p95_ms: number;
  readonly cpu_percent: number;
  readonly error_rate: number;
  readonly event_loop_lag_ms: number;
}

/** What the observer measured for one service over the load window (its optimisation report). */
export interface ObservedService {
  readonly name: string;
  readonly instancesTotal: number;
  readonly instancesReachable: number;
  readonly errorRate: number | null;
  readonly cpuPercentMean: number | null;
  readonly eventLoopLagMsMax: number | null;
  /** Incidents open at the end of the window: a figure breached its threshold for `critical_after` polls in a row. */
  readonly openIncidents: number;
  /** Critical endpoints as the observer names them (`"POST /api/v1/auth/login"`), with their p95 in the window. */
  readonly criticalEndpoints: readonly { readonly route: string; readonly requests: number; readonly p95Ms: number | null; readonly thresholdMs: number }[];
}

/** What the load driver saw for one driven endpoint, from the client side (through the gateway). */
export interface DrivenEndpoint {
  readonly endpoint: string;
  readonly sent: number;
  readonly failed: number;
  /** Requests that were due but not sent because too many were still in flight: the system fell behind. */
  readonly dropped: number;
  readonly p95Ms: number;
}

/** The committed reference figures and how far the current run may stray from them. */
export interface Baseline {
  readonly tolerance: {
    /** A figure regressed when it exceeds baseline × ratio ... */
    readonly ratio: number;
    /** ... and also exceeds baseline + this slack (absolute, so tiny figures do not flap). */
    readonly latency_slack_ms: number;
    readonly cpu_slack_points: number;
  };
  /** Keys: `observer <service> <METHOD path>`, `client <METHOD path>` (p95 ms) and `cpu <service>` (percent). */
  readonly figures: Readonly<Record<string, number>>;
}

/** `observed` lines are shown for the reader and never fail: their threshold is judged through incidents. */
export type CheckKind = 'threshold' | 'incident' | 'regression' | 'coverage' | 'observed';

export interface GateCheck {
  readonly kind: CheckKind;
  readonly subject: string;
  readonly measured: number | null;
  readonly limit: number | null;
  readonly passed: boolean;
  readonly note: string;
}

/** Every check of one run; the gate fails when any check failed. */
export function judgeRun(
  observed: readonly ObservedService[],
  thresholdsOf: (service: string) => GateThresholds,
  driven: readonly DrivenEndpoint[],
  baseline: Baseline | undefined,
): GateCheck[] {
  const checks: GateCheck[] = [];
  for (const service of observed) checks.push(...thresholdChecks(service, thresholdsOf(service.name), driven));
  for (const endpoint of driven) checks.push(...clientChecks(endpoint, observed));
  if (baseline) checks.push(...regressionChecks(currentFigures(observed, driven), baseline));
  return checks;
}

function thresholdChecks(service: ObservedService, limits: GateThresholds, driven: readonly DrivenEndpoint[]): GateCheck[] {
  const name = service.name;
  const checks: GateCheck[] = [
    {
      kind: 'threshold',
      subject: `${name} instances answering`,
      measured: service.instancesReachable,
      limit: service.instancesTotal,
      passed: service.instancesTotal > 0 && service.instancesReachable === service.instancesTotal,
      note: 'every instance must answer the observer throughout the window',
    },
    upperBound(`${name} CPU % (mean)`, service.cpuPercentMean, limits.cpu_percent, 'cpu_percent'),
    upperBound(`${name} error rate`, service.errorRate, limits.error_rate, 'error_rate'),
    {
      kind: 'incident',
      subject: `${name} open incidents`,
      measured: service.openIncidents,
      limit: 0,
      passed: service.openIncidents === 0,
      note: 'a threshold breached in critical_after consecutive polls (event-loop lag, memory growth, ...)',
    },
    {
      // A single 1 s poll's lag peak is noise on a shared machine; a sustained one opens an incident above.
      kind: 'observed',
      subject: `${name} event-loop lag ms (max of polls)`,
      measured: service.eventLoopLagMsMax,
      limit: limits.event_loop_lag_ms,
      passed: true,
      note: 'judged through incidents, not per poll',
    },
  ];
  for (const endpoint of service.criticalEndpoints) {
    const wasDriven = driven.some((entry) => entry.endpoint === endpoint.route);
    if (endpoint.p95Ms === null) {
      // A route the gate drove must show up in the observer's figures; one it did not drive has no traffic to judge.
      checks.push({
        kind: 'coverage',
        subject: `${name} ${endpoint.route} p95 ms`,
        measured: null,
        limit: endpoint.thresholdMs,
        passed: !wasDriven,
        note: wasDriven ? 'driven, but the observer measured no request' : 'not driven and no traffic: not judged',
      });
      continue;
    }
    checks.push(upperBound(`${name} ${endpoint.route} p95 ms`, endpoint.p95Ms, endpoint.thresholdMs, 'latency_p95_ms'));
  }
  return checks;
}

function upperBound(subject: string, measured: number | null, limit: number, field: string): GateCheck {
  if (measured === null) return { kind: 'threshold', subject, measured, limit, passed: true, note: `not measured in the window (${field})` };
  const passed = measured <= limit;
  return { kind: 'threshold', subject, measured, limit, passed, note: passed ? `within ${field}` : `above ${field}` };
}

function clientChecks(endpoint: DrivenEndpoint, observed: readonly ObservedService[]): GateCheck[] {
  const covered = observed.some((service) => service.criticalEndpoints.some((entry) => entry.route === endpoint.endpoint));
  const errorLimit = 0.01;
  const failedShare = endpoint.sent === 0 ? 1 : endpoint.failed / endpoint.sent;
  return [
    {
      kind: 'coverage',
      subject: `load ${endpoint.endpoint} sent`,
      measured: endpoint.sent,
      limit: null,
      passed: endpoint.sent > 0 && covered,
      note: covered ? 'requests sent through the gateway' : 'not a critical endpoint of observer_config.json',
    },
    {
      kind: 'threshold',
      subject: `load ${endpoint.endpoint} failed share`,
      measured: failedShare,
      limit: errorLimit,
      passed: failedShare <= errorLimit,
      note: 'answers other than the expected 2xx, and network errors',
    },
    {
      kind: 'threshold',
      subject: `load ${endpoint.endpoint} dropped`,
      measured: endpoint.dropped,
      limit: 0,
      passed: endpoint.dropped === 0,
      note: 'due requests not sent because the system fell behind the offered rate',
    },
  ];
}

/** The figures of this run under the keys a baseline uses. */
export function currentFigures(observed: readonly ObservedService[], driven: readonly DrivenEndpoint[]): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const service of observed) {
    if (service.cpuPercentMean !== null) figures[`cpu ${service.name}`] = round(service.cpuPercentMean);
    for (const endpoint of service.criticalEndpoints)
      if (endpoint.p95Ms !== null) figures[`observer ${service.name} ${endpoint.route}`] = round(endpoint.p95Ms);
  }
  for (const endpoint of driven) figures[`client ${endpoint.endpoint}`] = round(endpoint.p95Ms);
  return figures;
}

function regressionChecks(current: Readonly<Record<string, number>>, baseline: Baseline): GateCheck[] {
  const checks: GateCheck[] = [];
  for (const [key, reference] of Object.entries(baseline.figures)) {
    const measured = current[key];
    const slack = key.startsWith('cpu ') ? baseline.tolerance.cpu_slack_points : baseline.tolerance.latency_slack_ms;
    const limit = Math.max(reference * baseline.tolerance.ratio, reference + slack);
    if (measured === undefined) {
      checks.push({ kind: 'regression', subject: key, measured: null, limit, passed: true, note: 'in the baseline, not measured in this run' });
      continue;
    }
    const passed = measured <= limit;
    const ratio = reference > 0 ? measured / reference : Number.POSITIVE_INFINITY;
    checks.push({
      kind: 'regression',
      subject: key,
      measured,
      limit: round(limit),
      passed,
      note: `baseline ${reference}, ratio ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'}${passed ? '' : ': regressed'}`,
    });
  }
  return checks;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
