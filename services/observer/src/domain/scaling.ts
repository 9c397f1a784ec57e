/** What the scaling arithmetic needs about one service, measured over the report window. */
export interface ScalingInput {
  /** Instances that answered during the window. */
  readonly instances: number;
  /** Requests per second of the whole service. */
  readonly requestRatePerS: number;
  /** Mean CPU of an instance, percent of one core (a Node process saturates at about 100). */
  readonly cpuPercent: number;
  /** Mean event-loop utilisation of an instance, 0..1. */
  readonly eventLoopUtilization: number;
  /** The utilisation an instance should run at, 0..1: the service's `cpu_percent` threshold / 100. */
  readonly targetUtilization: number;
  readonly minInstances?: number;
  readonly maxInstances?: number;
}

export type ScalingAction = 'scale_out' | 'scale_in' | 'hold';

export interface ScalingAdvice {
  readonly action: ScalingAction;
  readonly currentInstances: number;
  readonly recommendedInstances: number;
  /** max(CPU share, event-loop utilisation): whichever saturates first limits an instance. */
  readonly utilization: number;
  /** Requests per second one instance can serve at the target utilisation; null without load to measure it. */
  readonly capacityPerInstancePerS: number | null;
  readonly justification: string;
}

/** Scaling in aims below the target, so that the next small rise does not scale straight out again. */
export const SCALE_IN_HEADROOM = 0.75;

/**
 * How many instances a service needs. An instance serving `rate / n` requests per second at utilisation `u`
 * serves `rate / n / u × target` at the target utilisation (throughput grows linearly with CPU until the
 * event loop saturates). The load `rate` then needs `ceil(rate / capacity) = ceil(n × u / target)` instances.
 * Scaling in uses `target × SCALE_IN_HEADROOM`, so a fluctuation around the target does not flap.
 */
export function recommendInstances(input: ScalingInput): ScalingAdvice {
  const n = Math.max(1, input.instances);
  const utilization = Math.max(input.cpuPercent / 100, input.eventLoopUtilization);
  const perInstancePerS = input.requestRatePerS / n;
  const capacity = utilization > 0 && input.requestRatePerS > 0 ? (perInstancePerS / utilization) * input.targetUtilization : null;
  const clamp = (count: number) => Math.min(input.maxInstances ?? Number.POSITIVE_INFINITY, Math.max(input.minInstances ?? 1, count));
  const needed = clamp(Math.ceil((n * utilization) / input.targetUtilization - 1e-9));
  const neededWithHeadroom = clamp(Math.ceil((n * utilization) / (input.targetUtilization * SCALE_IN_HEADROOM) - 1e-9));
  const figures = describeLoad(n, input, utilization, capacity);
  if (needed > n) {
    return {
      action: 'scale_out',
      currentInstances: n,
      recommendedInstances: needed,
      utilization,
      capacityPerInstancePerS: capacity,
      justification: `${figures}; the load needs ${needed} instances at the target`,
    };
  }
  if (neededWithHeadroom < n) {
    const justification = `${figures}; ${neededWithHeadroom} instance(s) carry it below ${percent(input.targetUtilization * SCALE_IN_HEADROOM)} utilisation`;
    return { action: 'scale_in', currentInstances: n, recommendedInstances: neededWithHeadroom, utilization, capacityPerInstancePerS: capacity, justification };
  }
  return {
    action: 'hold',
    currentInstances: n,
    recommendedInstances: n,
    utilization,
    capacityPerInstancePerS: capacity,
    justification: `${figures}; ${n} instance(s) fit`,
  };
}

function describeLoad(n: number, input: ScalingInput, utilization: number, capacity: number | null): string {
  const load = `${n} instance(s) serve ${input.requestRatePerS.toFixed(1)} req/s at ${percent(utilization)} utilisation`;
  const perInstance = capacity === null ? '' : `, so one instance serves about ${capacity.toFixed(1)} req/s at the ${percent(input.targetUtilization)} target`;
  return load + perInstance;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(0)} %`;
}
