import { describe, expect, it } from 'vitest';
import { type Baseline, currentFigures, type DrivenEndpoint, type GateThresholds, judgeRun, type ObservedService } from '../../src/perf/gate.js';

const LIMITS: GateThresholds = { latency_p95_ms: 300, cpu_percent: 70, error_rate: 0.01, event_loop_lag_ms: 100 };

function service(overrides: Partial<ObservedService> = {}): ObservedService {
  return {
    name: 'finance',
    instancesTotal: 1,
    instancesReachable: 1,
    errorRate: 0,
    cpuPercentMean: 12,
    eventLoopLagMsMax: 20,
    openIncidents: 0,
    criticalEndpoints: [
      { route: 'GET /health', requests: 60, p95Ms: 4, thresholdMs: 300 },
      { route: 'POST /api/v1/finance/transactions', requests: 900, p95Ms: 28, thresholdMs: 300 },
    ],
    ...overrides,
  };
}

const DRIVEN: DrivenEndpoint[] = [{ endpoint: 'POST /api/v1/finance/transactions', sent: 900, failed: 0, dropped: 0, p95Ms: 35 }];

const failedSubjects = (checks: ReturnType<typeof judgeRun>) => checks.filter((check) => !check.passed).map((check) => check.subject);

describe('the performance gate', () => {
  it('should pass a run whose every figure is within its threshold', () => {
    expect(failedSubjects(judgeRun([service()], () => LIMITS, DRIVEN, undefined))).toEqual([]);
  });

  it('should fail a critical endpoint whose p95 is above its threshold, and only that one', () => {
    const slow = service({
      criticalEndpoints: [
        { route: 'GET /health', requests: 60, p95Ms: 4, thresholdMs: 300 },
        { route: 'POST /api/v1/finance/transactions', requests: 900, p95Ms: 301, thresholdMs: 300 },
      ],
    });
    expect(failedSubjects(judgeRun([slow], () => LIMITS, DRIVEN, undefined))).toEqual(['finance POST /api/v1/finance/transactions p95 ms']);
  });

  it('should fail on CPU above cpu_percent, an error rate above error_rate, an open incident and a missing instance', () => {
    const bad = service({ cpuPercentMean: 70.5, errorRate: 0.02, openIncidents: 1, instancesReachable: 0 });
    expect(failedSubjects(judgeRun([bad], () => LIMITS, DRIVEN, undefined))).toEqual([
      'finance instances answering',
      'finance CPU % (mean)',
      'finance error rate',
      'finance open incidents',
    ]);
  });

  it('should not fail on one poll with a lag peak, which is judged through incidents', () => {
    const checks = judgeRun([service({ eventLoopLagMsMax: 250 })], () => LIMITS, DRIVEN, undefined);
    expect(failedSubjects(checks)).toEqual([]);
    expect(checks.find((check) => check.subject.includes('event-loop lag'))).toMatchObject({ kind: 'observed', measured: 250, limit: 100 });
  });

  it('should fail when a driven endpoint never reached the observer, but not an endpoint nobody drove', () => {
    const unmeasured = service({
      criticalEndpoints: [
        { route: 'GET /api/v1/finance/reports/trial-balance', requests: 0, p95Ms: null, thresholdMs: 300 },
        { route: 'POST /api/v1/finance/transactions', requests: 0, p95Ms: null, thresholdMs: 300 },
      ],
    });
    expect(failedSubjects(judgeRun([unmeasured], () => LIMITS, DRIVEN, undefined))).toEqual(['finance POST /api/v1/finance/transactions p95 ms']);
  });

  it('should fail the load when more than 1 % of answers failed, any request was dropped, or the endpoint is not critical', () => {
    const driven: DrivenEndpoint[] = [
      { endpoint: 'POST /api/v1/finance/transactions', sent: 100, failed: 2, dropped: 1, p95Ms: 30 },
      { endpoint: 'GET /api/v1/unknown', sent: 10, failed: 0, dropped: 0, p95Ms: 3 },
    ];
    expect(failedSubjects(judgeRun([service()], () => LIMITS, driven, undefined))).toEqual([
      'load POST /api/v1/finance/transactions failed share',
      'load POST /api/v1/finance/transactions dropped',
      'load GET /api/v1/unknown sent',
    ]);
  });

  it('should fail a figure that exceeds both the baseline ratio and the absolute slack, and pass one that exceeds only one', () => {
    const baseline: Baseline = {
      tolerance: { ratio: 2, latency_slack_ms: 25, cpu_slack_points: 15 },
      figures: { 'observer finance POST /api/v1/finance/transactions': 10, 'client POST /api/v1/finance/transactions': 20, 'cpu finance': 5 },
    };
    // 28 ms against 10: above 2 × 10 but within 10 + 25 → pass. 35 against 20: within 2 × 20 → pass. CPU 12 vs 5: within 5 + 15.
    expect(failedSubjects(judgeRun([service()], () => LIMITS, DRIVEN, baseline))).toEqual([]);
    const regressed = service({
      cpuPercentMean: 21,
      criticalEndpoints: [{ route: 'POST /api/v1/finance/transactions', requests: 900, p95Ms: 36, thresholdMs: 300 }],
    });
    // 36 > max(20, 35) and CPU 21 > max(10, 20): both regressed.
    expect(failedSubjects(judgeRun([regressed], () => LIMITS, DRIVEN, baseline))).toEqual([
      'observer finance POST /api/v1/finance/transactions',
      'cpu finance',
    ]);
  });

  it('should name every figure of a run under the keys a baseline uses', () => {
    expect(currentFigures([service()], DRIVEN)).toEqual({
      'cpu finance': 12,
      'observer finance GET /health': 4,
      'observer finance POST /api/v1/finance/transactions': 28,
      'client POST /api/v1/finance/transactions': 35,
    });
  });
});
