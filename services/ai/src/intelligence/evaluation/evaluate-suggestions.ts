import { isBankOrCashAccount } from '../ledger/chart.js';
import { entryFeatures, labelKey } from '../ledger/ledger-entry.js';
import { observationOf } from '../suggestions/evidence.js';
import { createMemorySuggestionModel } from '../suggestions/memory-model.js';
import { lookupTokens, rankProposals } from '../suggestions/rank.js';
import { prepareQuery } from '../suggestions/suggestion-input.js';
import type { SuggestionSet } from './suggestion-set.js';

export interface AccuracyFigures {
  readonly cases: number;
  /** Shares 0 … 1. */
  readonly top1: number;
  readonly top3: number;
}

export interface SuggestionEvaluation {
  readonly learnedEntries: number;
  readonly known: AccuracyFigures;
  readonly unseen: AccuracyFigures;
}

/** Learns the set's history in the in-memory model, asks for three proposals per case, and counts hits. */
export function evaluateSuggestions(set: SuggestionSet): SuggestionEvaluation {
  const model = createMemorySuggestionModel();
  let learned = 0;
  for (const entry of set.history) {
    const observation = observationOf(entry, entryFeatures(entry));
    if (!observation) continue;
    model.learn(entry.id, entry.postingDate, observation);
    learned += 1;
  }
  const hits = { known: { cases: 0, top1: 0, top3: 0 }, unseen: { cases: 0, top1: 0, top3: 0 } };
  for (const item of set.items) {
    const { query } = prepareQuery(item.input);
    const proposals = rankProposals(query, model.evidence(lookupTokens(query)), {
      limit: 3,
      isBankAccount: (account) => isBankOrCashAccount('skr03', account),
    });
    const expected = labelKey(item.expected);
    const rank = proposals.findIndex((proposal) => labelKey(proposal.label) === expected);
    const figures = hits[item.split];
    figures.cases += 1;
    if (rank === 0) figures.top1 += 1;
    if (rank >= 0 && rank < 3) figures.top3 += 1;
  }
  const shares = (figures: { cases: number; top1: number; top3: number }): AccuracyFigures => ({
    cases: figures.cases,
    top1: figures.cases === 0 ? 0 : figures.top1 / figures.cases,
    top3: figures.cases === 0 ? 0 : figures.top3 / figures.cases,
  });
  return { learnedEntries: learned, known: shares(hits.known), unseen: shares(hits.unseen) };
}
