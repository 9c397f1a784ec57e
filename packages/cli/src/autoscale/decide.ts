// The autoscaler's decisions: pure, so every rule is tested with known inputs. The observer computes how
// many instances each service needs (its scaling arithmetic, bounded by observer_config.json); this adds
// what a launcher must not do: flap. A service changed recently is left alone for a cool-down, and scaling
// in waits until the observer has recommended it several rounds in a row.

/** The observer's scaling advice for one service, as its control route answers it. */
export interface ScalingReading {
  readonly service: string;
  /** Instances the observer saw answering in its window. */
  readonly currentInstances: number;
  readonly recommendedInstances: number;
  readonly justification: string;
}

export interface AutoscalePolicy {
  /** After a change to a service, no further change to it for this long: new instances need time to show in the figures. */
  readonly cooldownMs: number;
  /** Rounds in a row the observer must recommend fewer instances before any is stopped. */
  readonly scaleInRounds: number;
}

export const DEFAULT_AUTOSCALE_POLICY: AutoscalePolicy = { cooldownMs: 60_000, scaleInRounds: 3 };

/** What the autoscaler remembers between rounds, per service. */
export interface AutoscaleMemory {
  readonly lastChangeAt: ReadonlyMap<string, number>;
  readonly scaleInStreak: ReadonlyMap<string, number>;
}

export interface ScalingDecision {
  readonly service: string;
  readonly from: number;
  readonly to: number;
  /** Why, with the observer's numbers. */
  readonly reason: string;
}

/** A reading the autoscaler did not act on, and why; logged so every round is explained. */
export interface ScalingHold {
  readonly service: string;
  readonly reason: string;
}

export interface AutoscaleRound {
  readonly decisions: readonly ScalingDecision[];
  readonly holds: readonly ScalingHold[];
  readonly memory: AutoscaleMemory;
}

/**
 * Decides one round. `running` is how many instances the launcher runs of each service (it knows better than
 * a window of polls that may predate its last change); `bounds` clamps every target again.
 */
export function decideRound(
  readings: readonly ScalingReading[],
  running: ReadonlyMap<string, number>,
  bounds: (service: string) => { min: number; max: number },
  memory: AutoscaleMemory,
  policy: AutoscalePolicy,
  now: number,
): AutoscaleRound {
  const lastChangeAt = new Map(memory.lastChangeAt);
  const scaleInStreak = new Map(memory.scaleInStreak);
  const decisions: ScalingDecision[] = [];
  const holds: ScalingHold[] = [];
  for (const reading of readings) {
    const current = running.get(reading.service);
    if (current === undefined) continue;
    const { min, max } = bounds(reading.service);
    const target = Math.min(max, Math.max(min, reading.recommendedInstances));
    const streak = target < current ? (scaleInStreak.get(reading.service) ?? 0) + 1 : 0;
    scaleInStreak.set(reading.service, streak);
    if (target === current) continue;
    const changedAt = lastChangeAt.get(reading.service);
    if (changedAt !== undefined && now - changedAt < policy.cooldownMs) {
      holds.push({
        service: reading.service,
        reason: `cooling down ${Math.ceil((policy.cooldownMs - (now - changedAt)) / 1000)} s more after the last change (observer: ${target})`,
      });
      continue;
    }
    if (target < current && streak < policy.scaleInRounds) {
      holds.push({ service: reading.service, reason: `scale-in to ${target} recommended ${streak} of ${policy.scaleInRounds} rounds in a row` });
      continue;
    }
    decisions.push({ service: reading.service, from: current, to: target, reason: `${reading.justification} (bounds ${min}..${max})` });
    lastChangeAt.set(reading.service, now);
    scaleInStreak.set(reading.service, 0);
  }
  return { decisions, holds, memory: { lastChangeAt, scaleInStreak } };
}
