import { withTenant } from '@erp/kit';
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
import type { ModelCaller } from './model/finance-model.js';
import { readInvoiceByModel } from './model/invoice-extraction.js';
import { phraseReasonsByModel } from './model/reason-phrasing.js';
import { lookupTokens, type RankedProposal, rankProposals } from './suggestions/rank.js';
import { proposalReason } from './suggestions/reasons.js';
import { type InvoiceReading, type PreparedQuery, prepareQuery, type SuggestionInput } from './suggestions/suggestion-input.js';
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
  readonly extracted: InvoiceReading | null;
  /** Whether a language model phrased the reasons or the templates did. */
  readonly reasons_written_by: 'llm' | 'template';
}

export interface SuggestionRequest {
  readonly input: SuggestionInput;
  readonly limit: number;
  readonly language: Language;
}

/** A suggestion ranked and worded, not yet stored. */
export interface SuggestionDraft {
  readonly request: SuggestionRequest;
  readonly prepared: PreparedQuery;
  readonly ranked: readonly RankedProposal[];
  readonly learnedEntries: number;
  readonly reasons: readonly string[];
  readonly reasonsWrittenBy: 'llm' | 'template';
}

// A model that has not answered by then is not waited for: the patterns and templates answer instead.
const EXTRACTION_TIMEOUT_MS = 4000;
const REASONS_TIMEOUT_MS = 4000;

async function rankQuery(context: IntelligenceContext, trx: Transaction<AiDb>, tenantId: string, prepared: PreparedQuery, limit: number) {
  const chart = await tenantChart(context, trx, tenantId, await findGeneration(trx, tenantId));
  const evidence = await loadEvidence(trx, tenantId, lookupTokens(prepared.query));
  const ranked = rankProposals(prepared.query, evidence, { limit, isBankAccount: (account) => isBankOrCashAccount(chart, account) });
  return { ranked, learnedEntries: evidence.entries };
}

/** Stores a drafted suggestion, so that feedback on it can teach the model, and shapes the answer. */
export async function storeSuggestion(
  context: IntelligenceContext,
  trx: Transaction<AiDb>,
  tenantId: string,
  draft: SuggestionDraft,
  id: string,
): Promise<SuggestionAnswer> {
  const { request, prepared, ranked } = draft;
  const proposals = ranked.map((proposal, index) => ({
    rank: index + 1,
    debit_account: proposal.label.debitAccount,
    credit_account: proposal.label.creditAccount,
    tax_code: proposal.label.taxCode,
    cost_centre: proposal.costCentre,
    confidence: proposal.confidence,
    reason: draft.reasons[index] ?? proposalReason(proposal, request.language),
    similar_entry_ids: proposal.similarEntryIds.slice(0, 5),
  }));
  const stored = ranked.map((proposal, index) => ({ rank: index + 1, label: labelKey(proposal.label) }));
  await insertSuggestion(trx, tenantId, { id, kind: request.input.kind, tokens: prepared.query.tokens, proposals: stored, createdAt: context.now() });
  const { amount, extracted } = prepared;
  return { id, kind: request.input.kind, proposals, learned_entries: draft.learnedEntries, amount, extracted, reasons_written_by: draft.reasonsWrittenBy };
}

/**
 * Ranks postings for an input from the tenant's learned history with patterns and templates only, and stores
 * the suggestion in the same transaction.
 */
export async function suggestPostings(
  context: IntelligenceContext,
  trx: Transaction<AiDb>,
  tenantId: string,
  request: SuggestionRequest & { id: string },
): Promise<SuggestionAnswer> {
  const prepared = prepareQuery(request.input);
  const { ranked, learnedEntries } = await rankQuery(context, trx, tenantId, prepared, request.limit);
  const reasons = ranked.map((proposal) => proposalReason(proposal, request.language));
  return storeSuggestion(context, trx, tenantId, { request, prepared, ranked, learnedEntries, reasons, reasonsWrittenBy: 'template' }, request.id);
}

const counterpartyOf = (input: SuggestionInput, prepared: PreparedQuery) =>
  input.kind === 'bank_transaction' ? input.counterparty : (prepared.extracted?.supplier ?? null);

/**
 * Ranks postings for an input and words them, with the tenant's language model where one is configured for
 * the task: it reads an invoice's text and phrases the reasons; patterns and templates stand in for it on any
 * failure. The model is called outside any transaction, so a slow one never holds a database connection.
 */
export async function draftSuggestion(context: IntelligenceContext, caller: ModelCaller, request: SuggestionRequest): Promise<SuggestionDraft> {
  const { model } = context;
  const { input, language } = request;
  const text = input.kind === 'incoming_invoice' ? input.text : undefined;
  const modelRead = model && text ? await readInvoiceByModel(model, caller, text, EXTRACTION_TIMEOUT_MS) : undefined;
  const prepared = prepareQuery(input, modelRead);
  const ranking = await withTenant(context.db, caller.tenantId, (trx) => rankQuery(context, trx, caller.tenantId, prepared, request.limit));
  const counterparty = counterpartyOf(input, prepared);
  const phrased = model && (await phraseReasonsByModel(model, caller, { proposals: ranking.ranked, counterparty, language, timeoutMs: REASONS_TIMEOUT_MS }));
  const reasons = phrased || ranking.ranked.map((proposal) => proposalReason(proposal, language));
  return { request, prepared, ...ranking, reasons, reasonsWrittenBy: phrased ? 'llm' : 'template' };
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
