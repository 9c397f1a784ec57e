import type { Evaluation } from './judge.js';

/** How one subject has fared over the last polls. */
export interface Streak {
  /** Consecutive polls in breach. */
  readonly breaches: number;
  /** Consecutive polls clear (or not measured) since the last breach. */
  readonly clears: number;
  /** Whether an incident is open for the subject. */
  readonly open: boolean;
}

export type TrackerState = ReadonlyMap<string, Streak>;

export interface TrackerStep {
  readonly state: TrackerState;
  /** Subjects in breach for `criticalAfter` polls in a row without an open incident: open one each. */
  readonly opened: readonly Evaluation[];
  /** Keys of open incidents clear for `criticalAfter` polls in a row: resolve them. */
  readonly resolved: readonly string[];
  /** Subjects in breach now, whether or not an incident is open. */
  readonly breaching: readonly Evaluation[];
}

/** A state that knows the incidents already open (after a restart or a change of collector). */
export function trackerStateOf(openKeys: Iterable<string>, criticalAfter: number): TrackerState {
  return new Map([...openKeys].map((key) => [key, { breaches: criticalAfter, clears: 0, open: true }]));
}

/**
 * Advances the streaks by one poll. A breach for `criticalAfter` consecutive polls opens an incident; the
 * same number of clear polls resolves it, so a figure hovering at its threshold does not open and close
 * incidents on every poll. A subject not evaluated in this poll (no traffic on the route, an instance that
 * is gone) counts as clear; one evaluated as unmeasured (its instance or metrics did not answer) keeps its
 * streak as it was. The caller persists the outcome and keeps the new state only if that succeeded.
 */
export function advanceIncidents(state: TrackerState, evaluations: readonly Evaluation[], criticalAfter: number): TrackerStep {
  const next = new Map<string, Streak>();
  const opened: Evaluation[] = [];
  const resolved: string[] = [];
  const byKey = new Map(evaluations.map((item) => [item.key, item]));
  for (const key of new Set([...state.keys(), ...byKey.keys()])) {
    const previous = state.get(key) ?? { breaches: 0, clears: 0, open: false };
    const current = byKey.get(key);
    if (current && !current.measured) {
      if (state.has(key)) next.set(key, previous);
      continue;
    }
    if (current?.breached) {
      const breaches = previous.breaches + 1;
      const opens = !previous.open && breaches >= criticalAfter;
      if (opens) opened.push(current);
      next.set(key, { breaches, clears: 0, open: previous.open || opens });
      continue;
    }
    const clears = previous.clears + 1;
    const resolves = previous.open && clears >= criticalAfter;
    if (resolves) resolved.push(key);
    // Forget subjects that are clear and have nothing open, so the state does not grow with every route seen.
    if (previous.open && !resolves) next.set(key, { breaches: 0, clears, open: true });
  }
  return { state: next, opened, resolved, breaching: evaluations.filter((item) => item.breached) };
}
