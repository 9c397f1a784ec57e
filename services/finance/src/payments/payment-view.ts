import type { Kysely } from 'kysely';
import { type SettlementRow, settlementsOf } from '../db/open-items.js';
import { getPayment, listPayments, type PaymentFilter, type PaymentPosition, type PaymentRow } from '../db/payments.js';
import type { FinanceDb } from '../db/schema.js';
import { formatAmount, Money, sum } from '../domain/money.js';

/** A payment as the API shows it: what it settled, with Skonto, and what stayed on account. */
export interface PaymentView {
  id: string;
  direction: 'incoming' | 'outgoing';
  bank_account: string;
  amount: string;
  currency: string;
  payment_date: string;
  reference: string;
  partner_id: string | null;
  entry_id: string;
  allocations: { open_item_id: string; document_number: string; amount: string; skonto_amount: string }[];
  on_account: { open_item_id: string; amount: string } | null;
  created_at: string;
  created_by: string;
}

function toView(row: PaymentRow, settlements: readonly SettlementRow[]): PaymentView {
  const allocated = sum(settlements.map((settlement) => new Money(settlement.amount)));
  return {
    id: row.id,
    direction: row.direction,
    bank_account: row.bank_account,
    amount: row.amount,
    currency: row.currency,
    payment_date: row.payment_date,
    reference: row.reference,
    partner_id: row.partner_id,
    entry_id: row.entry_id,
    allocations: settlements.map((settlement) => ({
      open_item_id: settlement.open_item_id,
      document_number: settlement.document_number,
      amount: settlement.amount,
      skonto_amount: settlement.skonto_amount,
    })),
    on_account: row.on_account_item_id ? { open_item_id: row.on_account_item_id, amount: formatAmount(new Money(row.amount).minus(allocated)) } : null,
    created_at: row.created_at.toISOString(),
    created_by: row.created_by,
  };
}

export async function readPayment(db: Kysely<FinanceDb>, tenantId: string, id: string): Promise<PaymentView> {
  const row = await getPayment(db, tenantId, id);
  return toView(row, await settlementsOf(db, tenantId, { paymentIds: [id] }));
}

export async function readPayments(db: Kysely<FinanceDb>, tenantId: string, filter: PaymentFilter): Promise<{ items: PaymentView[]; next?: PaymentPosition }> {
  const page = await listPayments(db, tenantId, filter);
  const settlements = await settlementsOf(db, tenantId, { paymentIds: page.rows.map((row) => row.id) });
  const items = page.rows.map((row) =>
    toView(
      row,
      settlements.filter((settlement) => settlement.payment_id === row.id),
    ),
  );
  return page.next ? { items, next: page.next } : { items };
}
