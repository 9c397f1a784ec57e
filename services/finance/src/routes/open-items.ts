import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { agingRows, getOpenItem, listOpenItems, type OpenItemPosition, type OpenItemRow, type SettlementRow, settlementsOf } from '../db/open-items.js';
import { businessDay, daysOverdue } from '../domain/open-item.js';
import { toAging } from '../domain/open-item-aging.js';
import type { LedgerContext } from '../ledger/context.js';
import { type RouteOptions, tenantOf } from './context.js';
import { fromCursor, toCursor } from './cursor.js';
import { Day, ListQuery, Nullable, STRICT } from './schemas.js';

const Kind = Type.Union([Type.Literal('receivable'), Type.Literal('payable')]);
const Status = Type.Union([Type.Literal('open'), Type.Literal('partially_paid'), Type.Literal('paid')]);
const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const ListItemsQuery = Type.Object(
  { ...ListQuery, kind: Type.Optional(Kind), partner_id: Type.Optional(Uuid), status: Type.Optional(Status), overdue: Type.Optional(Type.Boolean()) },
  STRICT,
);
const AgingQuery = Type.Object(
  { at: Type.Optional(Day), kind: Type.Union([Type.Literal('receivable'), Type.Literal('payable')], { default: 'receivable' }) },
  STRICT,
);
const Partner = Type.Object({ id: Type.String(), number: Type.String(), name: Type.String() });
const Settlement = Type.Object({
  id: Type.String(),
  source: Type.Union([Type.Literal('payment'), Type.Literal('credit_note')]),
  payment_id: Nullable(Type.String()),
  credit_note_id: Nullable(Type.String()),
  amount: Type.String(),
  skonto_amount: Type.String(),
  settled_on: Type.String(),
  entry_id: Type.String(),
});
const OpenItem = Type.Object({
  id: Type.String(),
  kind: Kind,
  document_type: Type.Union([Type.Literal('invoice'), Type.Literal('credit_note'), Type.Literal('payment_on_account')]),
  document_id: Type.String(),
  document_number: Type.String(),
  document_date: Type.String(),
  due_date: Type.String(),
  partner: Partner,
  currency: Type.String(),
  original_amount: Type.String(),
  open_amount: Type.String(),
  status: Status,
  skonto: Nullable(Type.Object({ percent: Type.String(), days: Type.Integer(), until: Type.String() })),
  days_overdue: Type.Integer(),
  dunning_level: Type.Integer(),
  dunned_on: Nullable(Type.String()),
  entry_id: Type.String(),
  created_at: Type.String(),
  settlements: Type.Optional(Type.Array(Settlement)),
});
const OpenItemList = Type.Object({ items: Type.Array(OpenItem), next_cursor: Nullable(Type.String()) });
const Amounts = {
  not_due: Type.String(),
  overdue_1_30: Type.String(),
  overdue_31_60: Type.String(),
  overdue_61_90: Type.String(),
  overdue_over_90: Type.String(),
  total: Type.String(),
  credits: Type.String(),
};
const Aging = Type.Object({
  at: Type.String(),
  kind: Kind,
  rows: Type.Array(Type.Object({ partner: Partner, currency: Type.String(), ...Amounts })),
  totals: Type.Array(Type.Object({ currency: Type.String(), ...Amounts })),
});

function settlementToResponse(row: SettlementRow) {
  const { open_item_id: _item, document_number: _number, ...settlement } = row;
  return settlement;
}

/** An open item as the API shows it; `asOf` is the business day its days overdue count to. */
export function openItemToResponse(row: OpenItemRow, asOf: string, settlements?: SettlementRow[]) {
  return {
    id: row.id,
    kind: row.kind,
    document_type: row.document_type,
    document_id: row.document_id,
    document_number: row.document_number,
    document_date: row.document_date,
    due_date: row.due_date,
    partner: { id: row.partner_id, number: row.partner_number, name: row.partner_name },
    currency: row.currency,
    original_amount: row.original_amount,
    open_amount: row.open_amount,
    status: row.status,
    skonto:
      row.skonto_percent !== null && row.skonto_days !== null && row.skonto_until !== null
        ? { percent: row.skonto_percent, days: row.skonto_days, until: row.skonto_until }
        : null,
    days_overdue: row.status === 'paid' || row.document_type !== 'invoice' ? 0 : daysOverdue(row.due_date, asOf),
    dunning_level: row.dunning_level,
    dunned_on: row.dunned_on,
    entry_id: row.entry_id,
    created_at: row.created_at.toISOString(),
    ...(settlements ? { settlements: settlements.map(settlementToResponse) } : {}),
  };
}

function isPosition(value: unknown): value is OpenItemPosition {
  const position = value as Partial<OpenItemPosition> | null;
  return /^\d{4}-\d{2}-\d{2}$/.test(position?.dueDate ?? '') && /^[0-9a-f-]{36}$/.test(position?.id ?? '');
}

const today = (context: LedgerContext, timeZone: string) => businessDay(context.clock(), timeZone);

/**
 * Open items (finance.entries:read): the receivables and payables that invoices, credit notes and payments
 * on account opened, with what is still open, filtered and paged; one item with its settlements; and the
 * aging list of a day.
 */
export async function openItemRoutes(app: ServiceApp, { context, timeZone }: RouteOptions & { timeZone: string }): Promise<void> {
  const read = { permission: 'finance.entries:read' } as const;

  app.get('/open-items', { config: read, schema: { querystring: ListItemsQuery, response: { 200: OpenItemList } } }, async (request) => {
    const tenantId = tenantOf(request);
    const { limit, cursor, kind, partner_id: partnerId, status, overdue } = request.query;
    const after = cursor ? fromCursor(cursor, isPosition) : undefined;
    const asOf = today(context, timeZone);
    const page = await withTenant(context.db, tenantId, (trx) => listOpenItems(trx, tenantId, { kind, partnerId, status, overdue, asOf, limit, after }));
    return { items: page.rows.map((row) => openItemToResponse(row, asOf)), next_cursor: page.next ? toCursor(page.next) : null };
  });

  app.get('/open-items/aging', { config: read, schema: { querystring: AgingQuery, response: { 200: Aging } } }, async (request) => {
    const tenantId = tenantOf(request);
    const at = request.query.at ?? today(context, timeZone);
    const rows = await withTenant(context.db, tenantId, (trx) => agingRows(trx, tenantId, request.query.kind, at));
    const amounts = rows.map((row) => ({
      partner: { id: row.partner_id, number: row.partner_number, name: row.partner_name },
      currency: row.currency,
      documentType: row.document_type,
      dueDate: row.due_date,
      open: row.open,
    }));
    return { at, kind: request.query.kind, ...toAging(amounts, at) };
  });

  const IdParams = Type.Object({ id: Uuid }, STRICT);
  app.get('/open-items/:id', { config: read, schema: { params: IdParams, response: { 200: OpenItem } } }, async (request) => {
    const tenantId = tenantOf(request);
    const { item, settlements } = await withTenant(context.db, tenantId, async (trx) => {
      const found = await getOpenItem(trx, tenantId, request.params.id);
      return { item: found, settlements: await settlementsOf(trx, tenantId, { itemIds: [found.id] }) };
    });
    return openItemToResponse(item, today(context, timeZone), settlements);
  });
}
