import type { BucketCounts } from '../histogram.js';
import type { LeakVerdict } from '../leak-detection.js';
import type { ScalingAdvice } from '../scaling.js';
import type { ServicePoint } from '../service-point.js';
import type { ServicePolicy } from '../thresholds.js';

/** One instance over the report window. */
export interface InstanceSummary {
  readonly url: string;
  /** Share of the window's polls the instance answered, 0..1. */
  readonly reachableShare: number;
  /** Whether the last poll reached it. */
  readonly reachableNow: boolean;
  readonly cpuPercent: number | null;
  readonly eventLoopUtilization: number | null;
  readonly eventLoopLagMsMax: number | null;
  readonly rssMb: number | null;
  readonly heapUsedMb: number | null;
  readonly dbLatencyMs: number | null;
  readonly poolTotal: number | null;
  readonly poolWaitingMax: number | null;
  /** Highest share of the pool's connections in use at a poll, 0..1. */
  readonly poolSaturationMax: number | null;
  readonly leak: {
    readonly verdict: LeakVerdict;
    readonly growthMbPerH: number | null;
    readonly r2: number | null;
    readonly hoursToLimit: number | null;
  } | null;
}

/** One route over the report window. */
export interface RouteSummary {
  readonly route: string;
  readonly requests: number;
  readonly errors: number;
  readonly buckets: BucketCounts;
}

/** What the report needs about one service, read from the stored polls. */
export interface ServiceReportInput {
  readonly service: string;
  readonly policy: ServicePolicy;
  /** The service's polls in the window merged; null when it was not polled. */
  readonly window: ServicePoint | null;
  readonly instances: readonly InstanceSummary[];
  readonly routes: readonly RouteSummary[];
  readonly openIncidents: number;
  readonly memoryLimitMb: number;
}

export type FindingKind =
  | 'restore_instance'
  | 'scale_out'
  | 'scale_in'
  | 'larger_pool'
  | 'optimise_route'
  | 'fix_errors'
  | 'unblock_event_loop'
  | 'investigate_leak';

/** A bottleneck: what is wrong, with the figures that show it. */
export interface Bottleneck {
  readonly kind: 'unreachable' | 'latency' | 'cpu' | 'pool' | 'errors' | 'event_loop' | 'memory';
  readonly detail: string;
}

/** A recommendation: what to do, and the arithmetic that leads to it. */
export interface Recommendation {
  readonly kind: FindingKind;
  readonly action: string;
  readonly justification: string;
}

export interface RouteFigures {
  readonly route: string;
  readonly requests: number;
  readonly error_rate: number | null;
  readonly p95_ms: number | null;
  readonly p99_ms: number | null;
  /** Only for critical endpoints. */
  readonly threshold_ms?: number;
}

/** A figure that moved since the previous stored report. */
export interface FigureChange {
  readonly figure: string;
  readonly before: number;
  readonly after: number;
  readonly change_percent: number | null;
}

export interface ServiceReport {
  readonly name: string;
  readonly status: 'pass' | 'warn' | 'fail' | 'unknown';
  readonly instances: { readonly total: number; readonly reachable: number };
  readonly request_rate: number | null;
  readonly error_rate: number | null;
  readonly errors: number;
  readonly latency_ms: { readonly p50: number | null; readonly p95: number | null; readonly p99: number | null };
  readonly critical_endpoints: readonly RouteFigures[];
  readonly cpu_percent: { readonly mean: number | null; readonly threshold: number };
  readonly memory: {
    readonly rss_mb: number | null;
    readonly heap_used_mb: number | null;
    readonly verdict: LeakVerdict | null;
    readonly growth_mb_per_hour: number | null;
    readonly r2: number | null;
    readonly hours_to_limit: number | null;
    readonly threshold_mb_per_hour: number;
  };
  readonly event_loop_lag_ms: { readonly max: number | null; readonly threshold: number };
  readonly pool: { readonly total: number | null; readonly waiting_max: number | null; readonly saturation_max: number | null };
  readonly slowest_routes: readonly RouteFigures[];
  readonly open_incidents: number;
  readonly scaling: ScalingAdvice | null;
  readonly bottlenecks: readonly Bottleneck[];
  readonly recommendations: readonly Recommendation[];
  readonly changes: readonly FigureChange[];
}

/** The optimisation report as stored and as answered in JSON. */
export interface OptimizationReport {
  readonly generated_at: string;
  readonly window: { readonly from: string; readonly to: string; readonly minutes: number };
  readonly previous: { readonly id: string; readonly generated_at: string } | null;
  readonly summary: { readonly services: number; readonly failing: number; readonly warning: number; readonly recommendations: number };
  readonly services: readonly ServiceReport[];
}
