import { type PostingLabel, parseLabelKey } from '../ledger/ledger-entry.js';
import { compoundParts } from '../text/normalise.js';
import { compareText, type Neighbour, type SuggestionEvidence } from './evidence.js';

/** What a suggestion is asked for, after the input was turned into tokens. */
export interface SuggestionQuery {
  readonly tokens: readonly string[];
  /** Bank transactions: money going out (credit the bank) or coming in (debit the bank). */
  readonly direction?: 'outgoing' | 'incoming' | undefined;
  /** Incoming invoices are not bank postings; drafts may name an account already chosen. */
  readonly kind: 'bank_transaction' | 'incoming_invoice' | 'draft_entry';
  readonly knownAccount?: string | undefined;
  /** The bank account of a bank transaction, put in place of the learned one. */
  readonly bankAccount?: string | undefined;
}

export interface RankOptions {
  readonly limit: number;
  readonly isBankAccount: (account: string) => boolean;
}

/** A ranked proposal with the evidence behind it, before it is worded. */
export interface RankedProposal {
  readonly label: PostingLabel;
  readonly labelKey: string;
  readonly confidence: number;
  readonly costCentre: string | null;
  /** Learned entries with this label. */
  readonly labelEntries: number;
  /** The query's tokens that point to this label, strongest first. */
  readonly matchedTokens: readonly string[];
  /** Entries with this label among the query's nearest neighbours, most similar first. */
  readonly similarEntryIds: readonly string[];
  readonly rejectedBefore: number;
}

// Laplace smoothing of per-label token frequencies, the share of the nearest-neighbour vote in the final score,
// and how many neighbours vote: chosen on the evaluation set (npm run eval -- ai), not fitted per tenant.
const SMOOTHING = 0.5;
const NEIGHBOUR_WEIGHT = 0.4;
const NEIGHBOURS = 7;
const BAND_TOKEN_WEIGHT = 0.5;
const COMPOUND_PART_WEIGHT = 0.7;
/** Words of a query whose compound parts are looked up, at most. */
const COMPOUND_WORDS_MAX = 60;

const isBandToken = (token: string) => token.startsWith('amt:');
const isIdentifierToken = (token: string) => token.startsWith('#') || token.startsWith('iban:');

function documentsOf(evidence: SuggestionEvidence, token: string): number {
  return evidence.tokens.get(token)?.reduce((sum, count) => sum + count.entries, 0) ?? 0;
}

/**
 * Inverse document frequency: rare tokens (a counterparty's name) weigh more than common ones. A word never
 * learned stands in by the longest learned first and last part of it, at a discount.
 */
function tokenWeights(query: SuggestionQuery, evidence: SuggestionEvidence): Map<string, number> {
  const weights = new Map<string, number>();
  const idf = (documents: number) => Math.log((evidence.entries + 1) / (documents + 1)) + 1;
  for (const token of query.tokens) {
    const documents = documentsOf(evidence, token);
    if (documents > 0) {
      weights.set(token, isBandToken(token) ? idf(documents) * BAND_TOKEN_WEIGHT : idf(documents));
      continue;
    }
    const { prefixes, suffixes } = compoundParts(token);
    for (const parts of [prefixes, suffixes]) {
      const part = parts.find((candidate) => documentsOf(evidence, candidate) > 0);
      if (part && !weights.has(part)) weights.set(part, idf(documentsOf(evidence, part)) * COMPOUND_PART_WEIGHT);
    }
  }
  return weights;
}

/** The tokens whose statistics a query needs: its own and the parts of its compound words. */
export function lookupTokens(query: Pick<SuggestionQuery, 'tokens'>): string[] {
  const tokens = new Set(query.tokens);
  for (const token of query.tokens.slice(0, COMPOUND_WORDS_MAX)) {
    const { prefixes, suffixes } = compoundParts(token);
    for (const part of [...prefixes, ...suffixes]) tokens.add(part);
  }
  return [...tokens];
}

/**
 * Whether a label can be right for the kind of input: a bank transaction is always posted against a bank
 * account, on the side its direction says; an incoming invoice never is.
 */
function fitsKind(label: PostingLabel, query: SuggestionQuery, options: RankOptions): boolean {
  const debitIsBank = options.isBankAccount(label.debitAccount);
  const creditIsBank = options.isBankAccount(label.creditAccount);
  if (query.kind === 'bank_transaction' && query.direction) return query.direction === 'outgoing' ? creditIsBank : debitIsBank;
  if (query.kind === 'incoming_invoice') return !debitIsBank && !creditIsBank;
  return true;
}

/** A draft that already has an account prefers pairs with it. */
function accountFactor(label: PostingLabel, query: SuggestionQuery): number {
  if (!query.knownAccount || label.debitAccount === query.knownAccount || label.creditAccount === query.knownAccount) return 1;
  return 0.1;
}

function naiveBayes(evidence: SuggestionEvidence, weights: Map<string, number>, labels: string[]): Map<string, number> {
  const logScores = new Map<string, number>();
  for (const label of labels) {
    const labelEntries = evidence.labels.get(label)?.entries ?? 0;
    let score = Math.log((labelEntries + 1) / (evidence.entries + labels.length));
    for (const [token, weight] of weights) {
      const together = evidence.tokens.get(token)?.find((count) => count.label === label)?.entries ?? 0;
      score += weight * Math.log((together + SMOOTHING) / (labelEntries + 2 * SMOOTHING));
    }
    logScores.set(label, score);
  }
  // The summed log-likelihoods of correlated tokens are overconfident; a temperature growing with the evidence
  // keeps the posterior a usable confidence.
  const totalWeight = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  return softmax(logScores, 1 + totalWeight / 8);
}

function softmax(logScores: Map<string, number>, temperature: number): Map<string, number> {
  const highest = Math.max(...logScores.values());
  const exponentials = new Map([...logScores].map(([label, score]) => [label, Math.exp((score - highest) / temperature)]));
  const total = [...exponentials.values()].reduce((sum, value) => sum + value, 0);
  return new Map([...exponentials].map(([label, value]) => [label, value / total]));
}

/** Cosine-like similarity of binary token sets, known tokens weighted by IDF, the neighbour's other tokens by 1. */
function similarity(neighbour: Neighbour, weights: Map<string, number>, queryWeight: number): number {
  let shared = 0;
  let other = 0;
  for (const token of neighbour.tokens) {
    const weight = weights.get(token);
    if (weight === undefined) other += 1;
    else shared += weight;
  }
  return shared === 0 ? 0 : shared / Math.sqrt(queryWeight * (shared + other));
}

function nearestNeighbours(evidence: SuggestionEvidence, weights: Map<string, number>) {
  const queryWeight = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  return evidence.neighbours
    .map((neighbour) => ({ neighbour, similarity: similarity(neighbour, weights, queryWeight) }))
    .filter((scored) => scored.similarity > 0)
    .sort(
      (a, b) =>
        b.similarity - a.similarity || compareText(b.neighbour.postingDate, a.neighbour.postingDate) || compareText(a.neighbour.entryId, b.neighbour.entryId),
    )
    .slice(0, NEIGHBOURS);
}

/** Share of the query's informative tokens the model has seen; low for a text unlike anything learned. */
function coverage(query: SuggestionQuery, weights: Map<string, number>, entries: number): number {
  const unseenWeight = Math.log(entries + 1) + 1;
  let known = 0;
  let total = 0;
  for (const token of query.tokens) {
    if (isBandToken(token)) continue;
    const { prefixes, suffixes } = compoundParts(token);
    const weight = weights.get(token) ?? [...prefixes, ...suffixes].map((part) => weights.get(part)).find((part) => part !== undefined);
    if (weight !== undefined) known += weight;
    if (weight !== undefined || !isIdentifierToken(token)) total += weight ?? unseenWeight;
  }
  return total === 0 ? 0 : known / total;
}

function supportingTokens(evidence: SuggestionEvidence, weights: Map<string, number>, label: string): string[] {
  return [...weights]
    .filter(([token]) => !isBandToken(token) && (evidence.tokens.get(token)?.find((count) => count.label === label)?.entries ?? 0) > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([token]) => token);
}

function withBankAccount(label: PostingLabel, query: SuggestionQuery, options: RankOptions): PostingLabel {
  if (!query.bankAccount || query.kind !== 'bank_transaction') return label;
  if (query.direction === 'outgoing' && options.isBankAccount(label.creditAccount)) return { ...label, creditAccount: query.bankAccount };
  if (query.direction === 'incoming' && options.isBankAccount(label.debitAccount)) return { ...label, debitAccount: query.bankAccount };
  return label;
}

/**
 * Ranks account pairs for a query: an IDF-weighted naive Bayes over the tenant's per-token label statistics,
 * blended with a vote of the nearest past entries, adjusted to the kind of input and to earlier rejections.
 * The confidence shrinks with the share of the query's text the model has never seen.
 */
export function rankProposals(query: SuggestionQuery, evidence: SuggestionEvidence, options: RankOptions): RankedProposal[] {
  if (evidence.entries === 0 || evidence.labels.size === 0) return [];
  const weights = tokenWeights(query, evidence);
  const fitting = [...evidence.labels.keys()].filter((label) => fitsKind(parseLabelKey(label), query, options));
  // When no learned pair fits the kind (no bank postings learned yet), the pairs there are still rank by text.
  const labels = fitting.length > 0 ? fitting : [...evidence.labels.keys()];
  const bayes = naiveBayes(evidence, weights, labels);
  const neighbours = nearestNeighbours(evidence, weights);
  const votes = new Map<string, number>();
  for (const { neighbour, similarity: weight } of neighbours) votes.set(neighbour.label, (votes.get(neighbour.label) ?? 0) + weight);
  const voteTotal = [...votes.values()].reduce((sum, vote) => sum + vote, 0);
  const scores = new Map<string, number>();
  for (const label of labels) {
    const blended =
      voteTotal > 0 ? (1 - NEIGHBOUR_WEIGHT) * (bayes.get(label) ?? 0) + (NEIGHBOUR_WEIGHT * (votes.get(label) ?? 0)) / voteTotal : (bayes.get(label) ?? 0);
    const rejected = rejections(evidence, query, label);
    scores.set(label, (blended * accountFactor(parseLabelKey(label), query)) / (1 + 2 * rejected));
  }
  const total = [...scores.values()].reduce((sum, score) => sum + score, 0) || 1;
  const certainty = 0.4 + 0.6 * coverage(query, weights, evidence.entries);
  return [...scores]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, options.limit)
    .map(([label, score]) => ({
      label: withBankAccount(parseLabelKey(label), query, options),
      labelKey: label,
      confidence: Math.round((score / total) * certainty * 1000) / 1000,
      costCentre: evidence.labels.get(label)?.costCentre ?? null,
      labelEntries: evidence.labels.get(label)?.entries ?? 0,
      matchedTokens: supportingTokens(evidence, weights, label),
      similarEntryIds: neighbours.filter(({ neighbour }) => neighbour.label === label).map(({ neighbour }) => neighbour.entryId),
      rejectedBefore: rejections(evidence, query, label),
    }));
}

function rejections(evidence: SuggestionEvidence, query: SuggestionQuery, label: string): number {
  let most = 0;
  for (const token of query.tokens) {
    const rejected = evidence.tokens.get(token)?.find((count) => count.label === label)?.rejected ?? 0;
    if (rejected > most) most = rejected;
  }
  return most;
}
