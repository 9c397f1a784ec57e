import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { findAccount } from '../db/accounts.js';
import { insertDraftEntry } from '../db/journal-entries.js';
import { findPartner, insertSettlement, lockOpenItems, type OpenItemRow } from '../db/open-items.js';
import { insertPayment } from '../db/payments.js';
import type { FinanceDb } from '../db/schema.js';
import { getSettings } from '../db/settings.js';
import { listTaxCodes } from '../db/tax-codes.js';
import { type AutomaticPostingAccounts, automaticPostingAccounts } from '../domain/automatic-posting-accounts.js';
import { formatAmount, Money } from '../domain/money.js';
import { type AllocatableItem, type PaymentInput, type PaymentPlan, planPayment } from '../domain/payment.js';
import { toLedgerLines } from '../domain/posting.js';
import { InvalidBankAccountError } from '../errors.js';
import { openItemFor } from '../events/post-document.js';
import { loadChartFor } from '../ledger/chart-lookup.js';
import type { Actor, LedgerContext } from '../ledger/context.js';
import { postDraft } from '../ledger/post-draft.js';

function toAllocatable(row: OpenItemRow): AllocatableItem {
  const groups = (row.tax_groups ?? []) as { tax_code: string | null; gross: string }[];
  return {
    id: row.id,
    kind: row.kind,
    documentType: row.document_type,
    documentNumber: row.document_number,
    partner: { id: row.partner_id, number: row.partner_number, name: row.partner_name },
    currency: row.currency,
    openAmount: new Money(row.open_amount),
    skonto: row.skonto_percent !== null && row.skonto_until !== null ? { percent: new Money(row.skonto_percent), until: row.skonto_until } : null,
    taxGroups: groups.map((group) => ({ taxCode: group.tax_code, gross: new Money(group.gross) })),
  };
}

/** A payment's bank account is an active asset account, neither the receivables nor stock nor a tax account. */
async function checkBankAccount(trx: Transaction<FinanceDb>, tenantId: string, number: string, accounts: AutomaticPostingAccounts): Promise<void> {
  const account = await findAccount(trx, tenantId, number);
  const taxAccounts = new Set((await listTaxCodes(trx, tenantId)).flatMap((code) => [code.inputTaxAccount, code.outputTaxAccount]));
  let reason: string | undefined;
  if (!account) reason = 'it does not exist.';
  else if (account.inactive) reason = 'it is inactive.';
  else if (account.type !== 'asset') reason = `it is a ${account.type} account; name the bank or cash account.`;
  else if ([accounts.receivable, accounts.stock, accounts.goodsClearing].includes(number) || taxAccounts.has(number)) reason = 'it is no bank or cash account.';
  if (reason) throw new InvalidBankAccountError(number, reason);
}

async function postPlan(trx: Transaction<FinanceDb>, context: LedgerContext, actor: Actor, plan: PaymentPlan): Promise<string> {
  const lines = toLedgerLines(plan.draft, await loadChartFor(trx, actor.tenantId, plan.draft));
  const entry = { ...plan.draft, id: randomUUID(), exchangeRate: '1.000000', reversalOf: null };
  const { lines: _lines, ...header } = entry;
  await insertDraftEntry(trx, actor.tenantId, { ...header, draftLines: null, createdBy: actor.actorId });
  await postDraft(trx, context, actor, header, lines);
  return entry.id;
}

async function openOnAccount(trx: Transaction<FinanceDb>, tenantId: string, paymentId: string, input: PaymentInput, plan: PaymentPlan, entryId: string) {
  if (plan.onAccount.isZero() || !plan.partner) return null;
  const item = {
    kind: plan.onAccountKind,
    documentType: 'payment_on_account' as const,
    documentId: paymentId,
    documentNumber: plan.reference,
    documentDate: input.paymentDate,
    dueDate: input.paymentDate,
    partner: plan.partner,
    currency: input.currency,
    amount: plan.onAccount,
    skonto: null,
    taxGroups: [],
  };
  return openItemFor(trx, tenantId, item, entryId);
}

/** A payment as a client sends it; without a bank account the chart's bank account (1200 SKR03, 1800 SKR04) takes it. */
export type PaymentRequest = Omit<PaymentInput, 'bankAccount'> & { readonly bankAccount?: string | undefined };

/**
 * Records a payment inside `trx`: checks it against the items it settles (locked for the rest of the
 * transaction), posts it through the ledger like any entry, settles the items (with Skonto where taken), and
 * keeps what is not allocated on account of the partner. Returns the payment's id.
 */
export async function recordPayment(trx: Transaction<FinanceDb>, context: LedgerContext, actor: Actor, request: PaymentRequest): Promise<string> {
  const accounts = automaticPostingAccounts((await getSettings(trx, actor.tenantId)).chart);
  const input: PaymentInput = { ...request, bankAccount: request.bankAccount ?? accounts.bank };
  await checkBankAccount(trx, actor.tenantId, input.bankAccount, accounts);
  const rows = await lockOpenItems(
    trx,
    actor.tenantId,
    input.allocations.map((allocation) => allocation.openItemId),
  );
  const items = new Map(rows.map((row) => [row.id, toAllocatable(row)]));
  const partnerKind = input.direction === 'incoming' ? 'receivable' : 'payable';
  const knownPartner = input.partnerId ? await findPartner(trx, actor.tenantId, partnerKind, input.partnerId) : undefined;
  const plan = planPayment(input, items, accounts, knownPartner);
  const entryId = await postPlan(trx, context, actor, plan);
  const id = randomUUID();
  const onAccountItemId = await openOnAccount(trx, actor.tenantId, id, input, plan, entryId);
  await insertPayment(trx, actor.tenantId, {
    id,
    direction: input.direction,
    bankAccount: input.bankAccount,
    partnerId: plan.partner?.id ?? null,
    currency: input.currency,
    amount: formatAmount(plan.amount),
    paymentDate: input.paymentDate,
    reference: plan.reference,
    entryId,
    onAccountItemId,
    createdBy: actor.actorId,
  });
  for (const settlement of plan.settlements) {
    const amounts = { amount: formatAmount(settlement.amount), skontoAmount: formatAmount(settlement.skonto) };
    await insertSettlement(trx, actor.tenantId, {
      id: randomUUID(),
      openItemId: settlement.item.id,
      source: { paymentId: id },
      ...amounts,
      settledOn: input.paymentDate,
      entryId,
    });
  }
  return id;
}
