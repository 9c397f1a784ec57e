import { randomUUID } from 'node:crypto';
import { getPrincipal, type ServiceApp, withIdempotency } from '@erp/kit';
import type { Static } from 'typebox';
import { SuggestionInputInvalidError } from '../errors.js';
import type { IntelligenceContext } from '../intelligence/intelligence-context.js';
import { draftSuggestion, recordSuggestionFeedback, storeSuggestion } from '../intelligence/suggestion-flow.js';
import type { SuggestionInput } from '../intelligence/suggestions/suggestion-input.js';
import { FeedbackBody, languageOf, SuggestionBody, SuggestionIdParams, SuggestionQuery } from './finance-schemas.js';

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

/**
 * `/suggestions`: ranked postings for a bank transaction, an incoming invoice or a draft entry, learned from
 * the tenant's posted history, and feedback on them that the model learns from at once.
 */
export async function financeSuggestionRoutes(app: ServiceApp, { intelligence }: { intelligence: IntelligenceContext }): Promise<void> {
  const config = { permission: 'ai.suggestions:read' as const };

  app.post('/suggestions', { config, schema: { body: SuggestionBody, querystring: SuggestionQuery } }, async (request, reply) => {
    const { tenantId } = getPrincipal(request);
    const input = toInput(request.body);
    const options = { input, limit: request.query.limit ?? 3, language: languageOf(request, request.query.lang) };
    const draft = await draftSuggestion(intelligence, { tenantId, requestId: String(request.id) }, options);
    return withIdempotency(intelligence.db, request, reply, { tenantId }, async (trx) => {
      const answer = await storeSuggestion(intelligence, trx, tenantId, draft, randomUUID());
      return { status: 201, body: answer, headers: { location: `/api/v1/finance/llm/suggestions/${answer.id}` } };
    });
  });

  app.post('/suggestions/:id/feedback', { config, schema: { params: SuggestionIdParams, body: FeedbackBody } }, async (request, reply) => {
    const { tenantId } = getPrincipal(request);
    const { outcome, rank, chosen } = request.body;
    const feedback = {
      outcome,
      rank,
      chosen: chosen && {
        debitAccount: chosen.debit_account,
        creditAccount: chosen.credit_account,
        taxCode: chosen.tax_code ?? null,
        costCentre: chosen.cost_centre ?? null,
      },
    };
    if (chosen && chosen.debit_account === chosen.credit_account) throw new SuggestionInputInvalidError('chosen needs two different accounts.');
    return withIdempotency(intelligence.db, request, reply, { tenantId }, async (trx) => ({
      status: 200,
      body: await recordSuggestionFeedback(intelligence, trx, tenantId, request.params.id, feedback),
    }));
  });
}
