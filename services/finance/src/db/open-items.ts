import { type Kysely, sql, type Transaction } from 'kysely';
import type { OpenItemDocumentType, OpenItemKind, OpenItemStatus } from '../domain/open-item.js';
import { OpenItemNotFoundError } from '../errors.js';
import type { FinanceDb } from './schema.js';

export interface OpenItemRow {
  id: string;
  kind: OpenItemKind;
  document_type: OpenItemDocumentType;
  document_id: string;
  document_number: string;
  document_date: string;
  due_date: string;
  partner_id: string;
  partner_number: string;
  partner_name: string;
  currency: string;
  original_amount: string;
  open_amount: string;
  status: OpenItemStatus;
  skonto_percent: string | null;
  skonto_days: number | null;
  skonto_until: string | null;
  tax_groups: unknown;
  entry_id: string;
  dunning_level: number;
  dunned_on: string | null;
  created_at: Date;
}

const day = (column: 'document_date' | 'due_date' | 'skonto_until' | 'dunned_on') => sql<string>`to_char(${sql.ref(`i.${column}`)}, 'YYYY-MM-DD')`.as(column);

function selectItems(db: Kysely<FinanceDb>, tenantId: string) {
  return db
    .selectFrom('open_item as i')
    .select([
      'i.id',
      'i.kind',
      'i.document_type',
      'i.document_id',
      'i.document_number',
      day('document_date'),
      day('due_date'),
      'i.partner_id',
      'i.partner_number',
      'i.partner_name',
      'i.currency',
      'i.original_amount',
      'i.open_amount',
      'i.status',
      'i.skonto_percent',
      'i.skonto_days',
      day('skonto_until'),
      'i.tax_groups',
      'i.entry_id',
      'i.dunning_level',
      day('dunned_on'),
      'i.created_at',
    ])
    .where('i.tenant_id', '=', tenantId);
}

export interface NewOpenItem {
  id: string;
  kind: OpenItemKind;
  documentType: OpenItemDocumentType;
  documentId: string;
  documentNumber: string;
  documentDate: string;
  dueDate: string;
  partner: { id: string; number: string; name: string };
  currency: string;
  amount: string;
  skonto: { percent: string; days: number; until: string } | null;
  taxGroups: { taxCode: string | null; gross: string }[];
  entryId: string;
}

export async function insertOpenItem(trx: Transaction<FinanceDb>, tenantId: string, item: NewOpenItem): Promise<void> {
  await trx
    .insertInto('open_item')
    .values({
      tenant_id: tenantId,
      id: item.id,
      kind: item.kind,
      document_type: item.documentType,
      document_id: item.documentId,
      document_number: item.documentNumber,
      document_date: item.documentDate,
      due_date: item.dueDate,
      partner_id: item.partner.id,
      partner_number: item.partner.number,
      partner_name: item.partner.name,
      currency: item.currency,
      original_amount: item.amount,
      open_amount: item.amount,
      skonto_percent: item.skonto?.percent ?? null,
      skonto_days: item.skonto?.days ?? null,
      skonto_until: item.skonto?.until ?? null,
      tax_groups: JSON.stringify(item.taxGroups.map((group) => ({ tax_code: group.taxCode, gross: group.gross }))),
      entry_id: item.entryId,
      dunned_on: null,
    })
    .execute();
}

export async function findOpenItem(db: Kysely<FinanceDb>, tenantId: string, id: string): Promise<OpenItemRow | undefined> {
  return selectItems(db, tenantId).where('i.id', '=', id).executeTakeFirst();
}

export async function getOpenItem(db: Kysely<FinanceDb>, tenantId: string, id: string): Promise<OpenItemRow> {
  const item = await findOpenItem(db, tenantId, id);
  if (!item) throw new OpenItemNotFoundError(id);
  return item;
}

/** Locks the items among `ids` (in id order, so two payments never wait for each other crosswise) and returns them. */
export async function lockOpenItems(trx: Transaction<FinanceDb>, tenantId: string, ids: readonly string[]): Promise<OpenItemRow[]> {
  if (ids.length === 0) return [];
  const locked = await trx
    .selectFrom('open_item')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...new Set(ids)])
    .orderBy('id')
    .forUpdate()
    .execute();
  if (locked.length === 0) return [];
  return selectItems(trx, tenantId)
    .where(
      'i.id',
      'in',
      locked.map((row) => row.id),
    )
    .execute();
}

/** Locks the open item of a document, e.g. the invoice a credit note corrects. */
export async function lockDocumentItem(
  trx: Transaction<FinanceDb>,
  tenantId: string,
  document: { kind: OpenItemKind; documentType: OpenItemDocumentType; documentId: string },
): Promise<OpenItemRow | undefined> {
  const locked = await trx
    .selectFrom('open_item')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', document.kind)
    .where('document_type', '=', document.documentType)
    .where('document_id', '=', document.documentId)
    .forUpdate()
    .executeTakeFirst();
  return locked ? findOpenItem(trx, tenantId, locked.id) : undefined;
}

/** The partner's number and name as its latest open item of `kind` shows them. */
export async function findPartner(
  db: Kysely<FinanceDb>,
  tenantId: string,
  kind: OpenItemKind,
  partnerId: string,
): Promise<{ id: string; number: string; name: string } | undefined> {
  const row = await db
    .selectFrom('open_item')
    .select(['partner_id', 'partner_number', 'partner_name'])
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('partner_id', '=', partnerId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.partner_id, number: row.partner_number, name: row.partner_name } : undefined;
}

export interface NewSettlement {
  id: string;
  openItemId: string;
  source: { paymentId: string } | { creditNoteId: string };
  amount: string;
  skontoAmount: string;
  settledOn: string;
  entryId: string;
}

/** Records a settlement; a trigger lowers the item's open amount, and the item's check refuses more than is open. */
export async function insertSettlement(trx: Transaction<FinanceDb>, tenantId: string, settlement: NewSettlement): Promise<void> {
  const byPayment = 'paymentId' in settlement.source;
  await trx
    .insertInto('open_item_settlement')
    .values({
      tenant_id: tenantId,
      id: settlement.id,
      open_item_id: settlement.openItemId,
      source: byPayment ? 'payment' : 'credit_note',
      payment_id: 'paymentId' in settlement.source ? settlement.source.paymentId : null,
      credit_note_id: 'creditNoteId' in settlement.source ? settlement.source.creditNoteId : null,
      amount: settlement.amount,
      skonto_amount: settlement.skontoAmount,
      settled_on: settlement.settledOn,
      entry_id: settlement.entryId,
    })
    .execute();
}

export interface SettlementRow {
  id: string;
  open_item_id: string;
  document_number: string;
  source: 'payment' | 'credit_note';
  payment_id: string | null;
  credit_note_id: string | null;
  amount: string;
  skonto_amount: string;
  settled_on: string;
  entry_id: string;
}

/** The settlements of items or of payments, in the order they were made, with their items' document numbers. */
export async function settlementsOf(db: Kysely<FinanceDb>, tenantId: string, filter: { itemIds?: string[]; paymentIds?: string[] }): Promise<SettlementRow[]> {
  let query = db
    .selectFrom('open_item_settlement as s')
    .innerJoin('open_item as i', (join) => join.onRef('i.tenant_id', '=', 's.tenant_id').onRef('i.id', '=', 's.open_item_id'))
    .select([
      's.id',
      's.open_item_id',
      'i.document_number',
      's.source',
      's.payment_id',
      's.credit_note_id',
      's.amount',
      's.skonto_amount',
      sql<string>`to_char(s.settled_on, 'YYYY-MM-DD')`.as('settled_on'),
      's.entry_id',
    ])
    .where('s.tenant_id', '=', tenantId);
  if (filter.itemIds) query = filter.itemIds.length > 0 ? query.where('s.open_item_id', 'in', filter.itemIds) : query.where(sql<boolean>`false`);
  if (filter.paymentIds) query = filter.paymentIds.length > 0 ? query.where('s.payment_id', 'in', filter.paymentIds) : query.where(sql<boolean>`false`);
  return query.orderBy('s.settled_on').orderBy('s.created_at').orderBy('i.document_number').orderBy('s.id').execute();
}

/** Where a page of open items starts: items come by due date, then id. */
export interface OpenItemPosition {
  dueDate: string;
  id: string;
}

export interface OpenItemFilter {
  kind?: OpenItemKind | undefined;
  partnerId?: string | undefined;
  status?: OpenItemStatus | undefined;
  /** With `asOf`: only invoices past their due date and not paid (true), or only the others (false); credits are never overdue. */
  overdue?: boolean | undefined;
  asOf: string;
  limit: number;
  after?: OpenItemPosition | undefined;
}

export async function listOpenItems(
  db: Kysely<FinanceDb>,
  tenantId: string,
  filter: OpenItemFilter,
): Promise<{ rows: OpenItemRow[]; next?: OpenItemPosition }> {
  let query = selectItems(db, tenantId);
  if (filter.kind) query = query.where('i.kind', '=', filter.kind);
  if (filter.partnerId) query = query.where('i.partner_id', '=', filter.partnerId);
  if (filter.status) query = query.where('i.status', '=', filter.status);
  const overdue = sql<boolean>`(i.document_type = 'invoice' and i.open_amount > 0 and i.due_date < ${filter.asOf}::date)`;
  if (filter.overdue === true) query = query.where(overdue);
  if (filter.overdue === false) query = query.where(sql<boolean>`not ${overdue}`);
  if (filter.after) query = query.where(sql<boolean>`(i.due_date, i.id) > (${filter.after.dueDate}::date, ${filter.after.id}::uuid)`);
  const rows = await query
    .orderBy('i.due_date')
    .orderBy('i.id')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return rows.length > filter.limit && last ? { rows: page, next: { dueDate: last.due_date, id: last.id } } : { rows: page };
}

/** What was open on `asOf`, per partner, currency, document type and due date: the raw material of an aging list. */
export interface OpenAmountRow {
  partner_id: string;
  partner_number: string;
  partner_name: string;
  currency: string;
  document_type: OpenItemDocumentType;
  due_date: string;
  open: string;
}

/**
 * The amounts of `kind` open on `asOf`: documents dated on or before it, less what was settled on or before it,
 * so a past day shows what was open then and not what is open now.
 */
export async function agingRows(db: Kysely<FinanceDb>, tenantId: string, kind: OpenItemKind, asOf: string): Promise<OpenAmountRow[]> {
  const { rows } = await sql<OpenAmountRow>`
    select i.partner_id, min(i.partner_number) as partner_number, min(i.partner_name) as partner_name, i.currency, i.document_type,
           to_char(i.due_date, 'YYYY-MM-DD') as due_date, sum(i.original_amount - coalesce(s.settled, 0))::text as open
    from open_item i
    left join lateral (
      select sum(amount + skonto_amount) as settled from open_item_settlement
      where tenant_id = i.tenant_id and open_item_id = i.id and settled_on <= ${asOf}::date
    ) s on true
    where i.tenant_id = ${tenantId} and i.kind = ${kind} and i.document_date <= ${asOf}::date
      and i.original_amount - coalesce(s.settled, 0) > 0
    group by i.partner_id, i.currency, i.document_type, i.due_date
    order by min(i.partner_number), i.partner_id, i.currency, i.due_date`.execute(db);
  return rows;
}

/** The tenants that have a receivable invoice more than `afterDays` overdue on `asOf` below the last level (read past row-level security). */
export async function overdueTenants(db: Kysely<FinanceDb>, asOf: string, afterDays: number, levels: number): Promise<string[]> {
  const { rows } = await sql<{
    tenant_id: string;
  }>`select overdue_tenants as tenant_id from overdue_tenants(${asOf}::date, ${afterDays}::int, ${levels}::int)`.execute(db);
  return rows.map((row) => row.tenant_id);
}

/** The tenant's receivable invoices more than `afterDays` overdue on `asOf` below the last level, locked; those another check holds are skipped. */
export async function lockOverdueInvoices(
  trx: Transaction<FinanceDb>,
  tenantId: string,
  asOf: string,
  afterDays: number,
  levels: number,
): Promise<OpenItemRow[]> {
  const locked = await trx
    .selectFrom('open_item')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'receivable')
    .where('document_type', '=', 'invoice')
    .where('open_amount', '>', '0')
    .where(sql<boolean>`due_date < ${asOf}::date - ${afterDays}::int`)
    .where('dunning_level', '<', levels)
    .orderBy('due_date')
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute();
  if (locked.length === 0) return [];
  return selectItems(trx, tenantId)
    .where(
      'i.id',
      'in',
      locked.map((row) => row.id),
    )
    .orderBy('i.due_date')
    .orderBy('i.id')
    .execute();
}

export async function raiseDunningLevel(trx: Transaction<FinanceDb>, tenantId: string, id: string, level: number, on: string): Promise<void> {
  await trx
    .updateTable('open_item')
    .set({ dunning_level: level, dunned_on: on })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('dunning_level', '<', level)
    .executeTakeFirstOrThrow();
}
