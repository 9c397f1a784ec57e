import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { insertDraftEntry } from '../db/journal-entries.js';
import { insertOpenItem } from '../db/open-items.js';
import type { FinanceDb } from '../db/schema.js';
import { listTaxCodes } from '../db/tax-codes.js';
import type { DocumentPosting, OpenItemPlan } from '../domain/automatic-posting.js';
import { type ExactDraft, toExactLedgerLines } from '../domain/automatic-posting-lines.js';
import type { TaxCode } from '../domain/chart.js';
import { formatAmount, formatRate, Money } from '../domain/money.js';
import { loadChartFor } from '../ledger/chart-lookup.js';
import type { Actor, LedgerContext } from '../ledger/context.js';
import { postDraft } from '../ledger/post-draft.js';

/** The tenant's tax codes as a lookup by code, for the planning of a document. */
export async function taxCodeFinder(trx: Transaction<FinanceDb>, tenantId: string): Promise<(code: string) => TaxCode | undefined> {
  const codes = new Map((await listTaxCodes(trx, tenantId)).map((taxCode) => [taxCode.code, taxCode]));
  return (code) => codes.get(code);
}

/**
 * Posts an automatic posting the way a client's entry is posted: a draft row, then `postDraft`, which numbers
 * it, seals it into the chain, moves the balances and writes `erp.finance.entry.posted.v1`. Returns its id.
 */
export async function postExactDraft(trx: Transaction<FinanceDb>, context: LedgerContext, actor: Actor, draft: ExactDraft): Promise<string> {
  const chart = await loadChartFor(trx, actor.tenantId, { ...draft, lines: draft.lines.map((line) => ({ account: line.account })) });
  const lines = toExactLedgerLines(draft, chart);
  const entry = {
    id: randomUUID(),
    postingDate: draft.postingDate,
    documentDate: draft.documentDate,
    documentRef: draft.documentRef,
    description: draft.description,
    currency: draft.currency,
    exchangeRate: formatRate(new Money(draft.exchangeRate)),
    reversalOf: null,
  };
  await insertDraftEntry(trx, actor.tenantId, { ...entry, draftLines: null, createdBy: actor.actorId });
  await postDraft(trx, context, actor, entry, lines);
  return entry.id;
}

/** Writes the open item a posting opened. */
export async function openItemFor(trx: Transaction<FinanceDb>, tenantId: string, plan: OpenItemPlan, entryId: string): Promise<string> {
  const id = randomUUID();
  await insertOpenItem(trx, tenantId, {
    id,
    kind: plan.kind,
    documentType: plan.documentType,
    documentId: plan.documentId,
    documentNumber: plan.documentNumber,
    documentDate: plan.documentDate,
    dueDate: plan.dueDate,
    partner: plan.partner,
    currency: plan.currency,
    amount: formatAmount(plan.amount),
    skonto: plan.skonto && { percent: plan.skonto.percent.toFixed(2), days: plan.skonto.days, until: plan.skonto.until },
    taxGroups: plan.taxGroups.map((group) => ({ taxCode: group.taxCode, gross: formatAmount(group.gross) })),
    entryId,
  });
  return id;
}

/** Posts a planned document and opens its open item, if it has one; returns the entry's id. */
export async function postDocument(trx: Transaction<FinanceDb>, context: LedgerContext, actor: Actor, posting: DocumentPosting): Promise<string> {
  const entryId = await postExactDraft(trx, context, actor, posting.draft);
  if (posting.openItem) await openItemFor(trx, actor.tenantId, posting.openItem, entryId);
  return entryId;
}
