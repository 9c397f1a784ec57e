import { type Kysely, sql, type Transaction } from 'kysely';
import type { PaymentDirection } from '../domain/payment.js';
import { PaymentNotFoundError } from '../errors.js';
import type { FinanceDb } from './schema.js';

export interface PaymentRow {
  id: string;
  direction: PaymentDirection;
  bank_account: string;
  partner_id: string | null;
  currency: string;
  amount: string;
  payment_date: string;
  reference: string;
  entry_id: string;
  on_account_item_id: string | null;
  created_at: Date;
  created_by: string;
}

function selectPayments(db: Kysely<FinanceDb>, tenantId: string) {
  return db
    .selectFrom('payment')
    .select([
      'id',
      'direction',
      'bank_account',
      'partner_id',
      'currency',
      'amount',
      sql<string>`to_char(payment_date, 'YYYY-MM-DD')`.as('payment_date'),
      'reference',
      'entry_id',
      'on_account_item_id',
      'created_at',
      'created_by',
    ])
    .where('tenant_id', '=', tenantId);
}

export interface NewPayment {
  id: string;
  direction: PaymentDirection;
  bankAccount: string;
  partnerId: string | null;
  currency: string;
  amount: string;
  paymentDate: string;
  reference: string;
  entryId: string;
  onAccountItemId: string | null;
  createdBy: string;
}

export async function insertPayment(trx: Transaction<FinanceDb>, tenantId: string, payment: NewPayment): Promise<void> {
  await trx
    .insertInto('payment')
    .values({
      tenant_id: tenantId,
      id: payment.id,
      direction: payment.direction,
      bank_account: payment.bankAccount,
      partner_id: payment.partnerId,
      currency: payment.currency,
      amount: payment.amount,
      payment_date: payment.paymentDate,
      reference: payment.reference,
      entry_id: payment.entryId,
      on_account_item_id: payment.onAccountItemId,
      created_by: payment.createdBy,
    })
    .execute();
}

export async function getPayment(db: Kysely<FinanceDb>, tenantId: string, id: string): Promise<PaymentRow> {
  const row = await selectPayments(db, tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new PaymentNotFoundError(id);
  return row;
}

/** Where a page of payments starts: payments come by payment date, then id. */
export interface PaymentPosition {
  paymentDate: string;
  id: string;
}

export interface PaymentFilter {
  direction?: PaymentDirection | undefined;
  partnerId?: string | undefined;
  limit: number;
  after?: PaymentPosition | undefined;
}

export async function listPayments(db: Kysely<FinanceDb>, tenantId: string, filter: PaymentFilter): Promise<{ rows: PaymentRow[]; next?: PaymentPosition }> {
  let query = selectPayments(db, tenantId);
  if (filter.direction) query = query.where('direction', '=', filter.direction);
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  if (filter.after) query = query.where(sql<boolean>`(payment_date, id) > (${filter.after.paymentDate}::date, ${filter.after.id}::uuid)`);
  const rows = await query
    .orderBy('payment_date')
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return rows.length > filter.limit && last ? { rows: page, next: { paymentDate: last.payment_date, id: last.id } } : { rows: page };
}
