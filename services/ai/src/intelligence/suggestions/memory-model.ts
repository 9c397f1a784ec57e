import {
  compareText,
  type LabelStats,
  type Neighbour,
  neighbourSearchTokens,
  type Observation,
  PRIOR_LABELS,
  type SuggestionEvidence,
  type TokenLabelCount,
} from './evidence.js';

/**
 * Past entries a query is compared with, at most: those sharing the most of its rarest tokens (see
 * `neighbourSearchTokens`), the most recent first among equals.
 */
export const NEIGHBOUR_CANDIDATES_MAX = 300;

/** The suggestion model held in memory: the same statistics the database keeps, for evaluation and tests. */
export interface MemorySuggestionModel {
  learn(entryId: string, postingDate: string, observation: Observation): void;
  unlearn(entryId: string): void;
  /** Feedback: an accepted or chosen label is learned like an entry; a rejected one is counted against its tokens. */
  feedback(observation: Observation, outcome: 'accepted' | 'rejected', costCentre?: string | null): void;
  evidence(tokens: readonly string[]): SuggestionEvidence;
}

interface MutableCount {
  entries: number;
  rejected: number;
}

function getOrCreate<Key, Value>(map: Map<Key, Value>, key: Key, create: () => Value): Value {
  const existing = map.get(key);
  if (existing !== undefined) return existing;
  const created = create();
  map.set(key, created);
  return created;
}

export function createMemorySuggestionModel(): MemorySuggestionModel {
  const labels = new Map<string, { entries: number; costCentre: string | null }>();
  const tokens = new Map<string, Map<string, MutableCount>>();
  const entries = new Map<string, Neighbour>();
  const postings = new Map<string, Set<string>>();
  let learned = 0;

  const count = (token: string, label: string): MutableCount => {
    const perLabel = getOrCreate(tokens, token, () => new Map<string, MutableCount>());
    return getOrCreate(perLabel, label, () => ({ entries: 0, rejected: 0 }));
  };
  const add = (observation: Observation, delta: number, costCentre?: string | null) => {
    const stats = labels.get(observation.label) ?? { entries: 0, costCentre: null };
    stats.entries += delta;
    if (costCentre !== undefined && costCentre !== null) stats.costCentre = costCentre;
    labels.set(observation.label, stats);
    for (const token of observation.tokens) count(token, observation.label).entries += delta;
    learned += delta;
  };

  return {
    learn(entryId, postingDate, observation) {
      if (entries.has(entryId)) return;
      add(observation, 1);
      entries.set(entryId, { entryId, label: observation.label, tokens: observation.tokens, postingDate });
      for (const token of observation.tokens) {
        getOrCreate(postings, token, () => new Set<string>()).add(entryId);
      }
    },
    unlearn(entryId) {
      const entry = entries.get(entryId);
      if (!entry) return;
      add(entry, -1);
      entries.delete(entryId);
      for (const token of entry.tokens) postings.get(token)?.delete(entryId);
    },
    feedback(observation, outcome, costCentre) {
      if (outcome === 'accepted') add(observation, 1, costCentre);
      else for (const token of observation.tokens) if (!token.startsWith('amt:')) count(token, observation.label).rejected += 1;
    },
    evidence(queryTokens) {
      const tokenCounts = new Map<string, TokenLabelCount[]>();
      const involved = new Set<string>();
      for (const token of new Set(queryTokens)) {
        const perLabel = tokens.get(token);
        if (!perLabel) continue;
        tokenCounts.set(
          token,
          [...perLabel].map(([label, counted]) => ({ label, ...counted })),
        );
        for (const [label, counted] of perLabel) if (counted.entries > 0) involved.add(label);
      }
      const candidates = new Map<string, number>();
      for (const token of neighbourSearchTokens(tokenCounts)) for (const id of postings.get(token) ?? []) candidates.set(id, (candidates.get(id) ?? 0) + 1);
      const priors = [...labels]
        .filter(([, stats]) => stats.entries > 0)
        .sort((a, b) => b[1].entries - a[1].entries || compareText(a[0], b[0]))
        .slice(0, PRIOR_LABELS);
      for (const [label] of priors) involved.add(label);
      const labelStats = new Map<string, LabelStats>();
      for (const label of involved) {
        const stats = labels.get(label);
        if (stats && stats.entries > 0) labelStats.set(label, { label, entries: stats.entries, costCentre: stats.costCentre });
      }
      const neighbours = [...candidates]
        .sort((a, b) => b[1] - a[1] || compareText(entries.get(b[0])?.postingDate ?? '', entries.get(a[0])?.postingDate ?? '') || compareText(a[0], b[0]))
        .slice(0, NEIGHBOUR_CANDIDATES_MAX)
        .map(([id]) => entries.get(id))
        .filter((entry): entry is Neighbour => entry !== undefined);
      return { entries: learned, labels: labelStats, tokens: tokenCounts, neighbours };
    },
  };
}
