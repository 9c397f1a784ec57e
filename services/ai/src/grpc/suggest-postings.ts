import { randomUUID } from 'node:crypto';
import type { GrpcOutgoing, SuggestPostingsRequest, SuggestPostingsResponse } from '@erp/contracts';
import type { Static } from 'typebox';
import { SuggestionInputInvalidError } from '../errors.js';
import type { IntelligenceContext } from '../intelligence/intelligence-context.js';
import type { Language } from '../intelligence/language.js';
import { type SuggestionAnswer, suggestPostings } from '../intelligence/suggestion-flow.js';
import type { SuggestionInput } from '../intelligence/suggestions/suggestion-input.js';
import { BankTransactionBody, DraftEntryBody, IncomingInvoiceBody, type SuggestionBody } from '../routes/finance-schemas.js';
import type { CallContext } from './call-guard.js';
import { withCallTransaction } from './call-transaction.js';
import { assertMatches, invalidMessage } from './message-validation.js';

// The HTTP route's schemas: a message is valid exactly when the same input posted as JSON would be.
const INPUT_SCHEMAS = { bank_transaction: BankTransactionBody, incoming_invoice: IncomingInvoiceBody, draft_entry: DraftEntryBody } as const;
type InputKind = keyof typeof INPUT_SCHEMAS;

const LIMIT_DEFAULT = 3;
const LIMIT_MAX = 10;

/** The message's input as the HTTP body would carry it: proto3's empty strings stand for absent optional fields. */
function toBody(kind: InputKind, message: object): Static<typeof SuggestionBody> {
  const required = new Set<string>(INPUT_SCHEMAS[kind].required ?? []);
  const fields = Object.entries(message).filter(([key, value]) => value !== '' || required.has(key));
  const body = { kind, ...Object.fromEntries(fields) };
  assertMatches(INPUT_SCHEMAS[kind], body, `/${kind}`);
  return body as Static<typeof SuggestionBody>;
}

function toInput(body: Static<typeof SuggestionBody>): SuggestionInput {
  switch (body.kind) {
    case 'bank_transaction':
      return {
        kind: body.kind,
        counterparty: body.counterparty,
        purpose: body.purpose,
        amount: body.amount,
        date: body.date,
        iban: body.iban,
        bankAccount: body.bank_account,
      };
    case 'incoming_invoice':
      if (!body.supplier && !body.text) throw new SuggestionInputInvalidError('An incoming invoice needs its supplier or its text.');
      return { kind: body.kind, supplier: body.supplier, text: body.text, invoiceNumber: body.invoice_number, amountGross: body.amount_gross, date: body.date };
    case 'draft_entry':
      return { kind: body.kind, description: body.description, amount: body.amount, account: body.account };
  }
}

/** The language of the reasons: `de` unless `en` is asked for. */
export function languageOfMessage(language: string): Language {
  if (language === '' || language === 'de') return 'de';
  if (language === 'en') return 'en';
  throw invalidMessage([{ pointer: '/language', detail: 'must be "de", "en" or empty' }]);
}

/** Reads and checks a request: one input, a limit of 1 to 10 (0 for the default), a language. */
export function toSuggestionRequest(request: SuggestPostingsRequest): { input: SuggestionInput; limit: number; language: Language } {
  const kind = request.input;
  const message = kind === undefined ? undefined : request[kind];
  if (kind === undefined || !message) throw invalidMessage([{ pointer: '/input', detail: 'set one of bank_transaction, incoming_invoice or draft_entry' }]);
  if (request.limit > LIMIT_MAX) throw invalidMessage([{ pointer: '/limit', detail: `must be 1 to ${LIMIT_MAX}, or 0 for ${LIMIT_DEFAULT}` }]);
  return { input: toInput(toBody(kind, message)), limit: request.limit === 0 ? LIMIT_DEFAULT : request.limit, language: languageOfMessage(request.language) };
}

/** The answer in the message's shape: proto3 has no null, so absent values are empty strings. */
export function toSuggestPostingsResponse(answer: SuggestionAnswer): GrpcOutgoing<SuggestPostingsResponse> {
  const extracted = answer.extracted;
  return {
    suggestion_id: answer.id,
    kind: answer.kind,
    proposals: answer.proposals.map((proposal) => ({ ...proposal, tax_code: proposal.tax_code ?? '', cost_centre: proposal.cost_centre ?? '' })),
    learned_entries: answer.learned_entries,
    amount: answer.amount ?? '',
    extracted: extracted && {
      supplier: extracted.supplier ?? '',
      invoice_number: extracted.invoiceNumber ?? '',
      amount_gross: extracted.amountGross ?? '',
      date: extracted.date ?? '',
      iban: extracted.iban ?? '',
      tax_rate_percent: extracted.taxRatePercent ?? '',
    },
  };
}

/**
 * `SuggestPostings`: the same ranking and stored suggestion as `POST /api/v1/finance/llm/suggestions`, in a
 * transaction of the caller's tenant that commits only when the call is still wanted.
 */
export function suggestPostingsHandler(intelligence: IntelligenceContext) {
  return async (request: SuggestPostingsRequest, context: CallContext): Promise<GrpcOutgoing<SuggestPostingsResponse>> => {
    const options = toSuggestionRequest(request);
    const tenantId = context.principal.tenantId;
    const answer = await withCallTransaction(intelligence.db, context, (trx) => suggestPostings(intelligence, trx, tenantId, { ...options, id: randomUUID() }));
    return toSuggestPostingsResponse(answer);
  };
}
