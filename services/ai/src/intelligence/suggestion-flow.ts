import type { Transaction } from 'kysely';
import { findGeneration } from '../db/ledger-entries.js';
import { learnObservation, loadEvidence, recordRejection } from '../db/ledger-model.js';
import { insertSuggestion, lockSuggestion, recordFeedback } from '../db/ledger-suggestions.js';
import type { AiDb } from '../db/schema.js';
import { FeedbackInvalidError, SuggestionDecidedError, SuggestionNotFoundError } from '../errors.js';
import type { IntelligenceContext } from './intelligence-context.js';
import type { Language } from './language.js';
import { isBankOrCashAccount } from './ledger/chart.js';
import { labelKey, type PostingLabel, parseLabelKey } from './ledger/ledger-entry.js';
import type { ExtractedInvoice } from './suggestions/invoice-text.js';
import { lookupTokens, rankProposals } from './suggestions/rank.js';
import { proposalReason } from './suggestions/reasons.js';
import { prepareQuery, type SuggestionInput } from './suggestions/suggestion-input.js';
import { tenantChart } from './tenant-chart.js';

export interface ProposalAnswer {
  readonly rank: number;
  readonly debit_account: string;
  readonly credit_account: string;
  readonly tax_code: string | null;
  readonly cost_centre: string | null;
  readonly confidence: number;
  readonly reason: string;
  readonly similar_entry_ids: readonly string[];
}

export interface SuggestionAnswer {
  readonly id: string;
  readonly kind: SuggestionInput['kind'];
  readonly proposals: readonly ProposalAnswer[];
  readonly learned_entries: number;
  readonly amount: string | null;
  readonly extracted: ExtractedInvoice | null;
}

/**
 * Ranks postings for an input from the tenant's learned history and stores the suggestion, so that feedback
 * on it can teach the model.
 */
export async function suggestPostings(
  context: IntelligenceContext,
  trx: Transaction<AiDb>,
  tenantId: string,
  request: { input: SuggestionInput; limit: number; language: Language; id: string },
): Promise<SuggestionAnswer> {
  const prepared = prepareQuery(request.input);
  const chart = await tenantChart(context, trx, tenantId, await findGeneration(trx, tenantId));
  const evidence = await loadEvidence(trx, tenantId, lookupTokens(prepared.query));
  const ranked = rankProposals(prepared.query, evidence, { limit: request.limit, isBankAccount: (account) => isBankOrCashAccount(chart, account) });
  const proposals = ranked.map((proposal, index) => ({
    rank: index + 1,
    debit_account: proposal.label.debitAccount,
    credit_account: proposal.label.creditAccount,
    tax_code: proposal.label.taxCode,
    cost_centre: proposal.costCentre,
    confidence: proposal.confidence,
    reason: proposalReason(proposal, request.language),
    similar_entry_ids: proposal.similarEntryIds.slice(0, 5),
  }));
  const stored = ranked.map((proposal, index) => ({ rank: index + 1, label: labelKey(proposal.label) }));
  await insertSuggestion(trx, tenantId, {
    id: request.id,
    kind: request.input.kind,
    tokens: prepared.query.tokens,
    proposals: stored,
    createdAt: context.now(),
  });
  return { id: request.id, kind: request.input.kind, proposals, learned_entries: evidence.entries, amount: prepared.amount, extracted: prepared.extracted };
}

export interface FeedbackInput {
  readonly outcome: 'accepted' | 'rejected';
  /** The proposal the feedback is about; the first when absent. */
  readonly rank?: number | undefined;
  /** What was posted instead (or, with `accepted`, exactly what was posted). */
  readonly chosen?: (PostingLabel & { readonly costCentre: string | null }) | undefined;
}

/**
 * Takes feedback on a suggestion once: the posting accepted or chosen is learned for the suggestion's words
 * at once (before finance's event about it arrives), a rejected proposal counts against them.
 */
export async function recordSuggestionFeedback(context: IntelligenceContext, trx: Transaction<AiDb>, tenantId: string, id: string, feedback: FeedbackInput) {
  const suggestion = await lockSuggestion(trx, tenantId, id);
  if (!suggestion) throw new SuggestionNotFoundError(id);
  if (suggestion.outcome !== null) throw new SuggestionDecidedError(id, suggestion.outcome);
  const proposal = suggestion.proposals[(feedback.rank ?? 1) - 1];
  if (feedback.rank !== undefined && !proposal)
    throw new FeedbackInvalidError(`The suggestion had ${suggestion.proposals.length} proposal(s); rank ${feedback.rank} is not among them.`);
  const chosen = feedback.chosen ? labelKey(feedback.chosen) : feedback.outcome === 'accepted' ? proposal?.label : undefined;
  if (feedback.outcome === 'accepted' && chosen === undefined)
    throw new FeedbackInvalidError('The suggestion had no proposal to accept; name the posting made in chosen.');
  const rejected = feedback.outcome === 'rejected' && proposal && proposal.label !== chosen ? proposal.label : undefined;
  if (rejected) await recordRejection(trx, tenantId, suggestion.tokens, rejected);
  const costCentre = feedback.chosen?.costCentre ?? null;
  if (chosen) await learnObservation(trx, tenantId, { label: chosen, tokens: suggestion.tokens }, 1, costCentre);
  await recordFeedback(trx, tenantId, id, { outcome: feedback.outcome, chosen: chosen ?? null, costCentre, decidedAt: context.now() });
  const asPosting = (label: string | undefined) => {
    if (label === undefined) return null;
    const parsed = parseLabelKey(label);
    return { debit_account: parsed.debitAccount, credit_account: parsed.creditAccount, tax_code: parsed.taxCode };
  };
  return { id, outcome: feedback.outcome, learned: asPosting(chosen), rejected: asPosting(rejected) };
}
