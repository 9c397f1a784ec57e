import { Decimal } from 'decimal.js';
import Type, { type Static } from 'typebox';
import type { ErpAnswer } from '../erp-client.js';
import { defineTool, readAs, type ToolContext } from './tool.js';
import { DAY_PATTERN, formatMoney, say, UUID_PATTERN } from './wording.js';

const Kind = Type.Union([Type.Literal('receivable'), Type.Literal('payable')]);
const Partner = Type.Object({ id: Type.String(), number: Type.String(), name: Type.String() });
const OpenItemList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      document_type: Type.String(),
      document_number: Type.String(),
      due_date: Type.String(),
      partner: Partner,
      currency: Type.String(),
      open_amount: Type.String(),
      status: Type.String(),
      days_overdue: Type.Integer(),
    }),
  ),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});
type OpenItem = Static<typeof OpenItemList>['items'][number];

// A conversation shows the first of them; the totals say how many there are in all.
const ITEMS_PER_CALL = 200;

function totalsOf(items: readonly OpenItem[]) {
  const totals = new Map<string, { kind: string; currency: string; open_amount: Decimal; count: number }>();
  for (const item of items) {
    const key = `${item.kind}|${item.currency}`;
    const total = totals.get(key) ?? { kind: item.kind, currency: item.currency, open_amount: new Decimal(0), count: 0 };
    total.open_amount = total.open_amount.plus(item.open_amount);
    total.count += 1;
    totals.set(key, total);
  }
  return [...totals.values()].map((total) => ({ ...total, open_amount: total.open_amount.toFixed(2) }));
}

async function fetchItems(context: ToolContext, query: Record<string, string | boolean | undefined>, statuses: readonly string[]) {
  const answers: ErpAnswer[] = [];
  for (const status of statuses) answers.push(await context.erp.get('finance', '/api/v1/finance/open-items', { ...query, status, limit: ITEMS_PER_CALL }));
  const items: OpenItem[] = [];
  let more = false;
  for (const answer of answers) {
    const read = readAs(OpenItemList, answer, 'finance');
    if ('outcome' in read) return read;
    items.push(...read.body.items);
    more ||= read.body.next_cursor !== null;
  }
  items.sort((a, b) => a.due_date.localeCompare(b.due_date) || a.id.localeCompare(b.id));
  return { items, more };
}

export const openItemsTool = defineTool({
  name: 'open_items',
  description:
    'Open items (unpaid invoices and credit notes) of customers (receivable) and suppliers (payable), by due date, with totals per currency. Filter by partner (a customer or supplier id from search), kind and overdue.',
  parameters: Type.Object(
    {
      kind: Type.Optional(Kind),
      partner_id: Type.Optional(Type.String({ pattern: UUID_PATTERN, description: 'A customer or supplier id from search.' })),
      overdue: Type.Optional(Type.Boolean({ description: 'true: only overdue items.' })),
      status: Type.Optional(
        Type.Union([Type.Literal('unpaid'), Type.Literal('open'), Type.Literal('partially_paid'), Type.Literal('paid')], {
          description: 'unpaid (default) is open and partially paid.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  async run(context, input) {
    const status = input.status ?? 'unpaid';
    const query = { kind: input.kind, partner_id: input.partner_id?.toLowerCase(), overdue: input.overdue };
    const fetched = await fetchItems(context, query, status === 'unpaid' ? ['open', 'partially_paid'] : [status]);
    if ('outcome' in fetched) return fetched.outcome;
    const { items, more } = fetched;
    const totals = totalsOf(items);
    const data = {
      count: items.length,
      more,
      totals,
      items: items.map((item) => ({
        document_number: item.document_number,
        document_type: item.document_type,
        kind: item.kind,
        partner: item.partner.name,
        partner_number: item.partner.number,
        due_date: item.due_date,
        open_amount: item.open_amount,
        currency: item.currency,
        days_overdue: item.days_overdue,
      })),
    };
    const sums = totals.map((total) => formatMoney(total.open_amount, total.currency, context.language)).join(', ');
    const summary = say(
      context.language,
      `${items.length} offene Posten${sums ? `, zusammen ${sums}` : ''}`,
      `${items.length} open item(s)${sums ? `, ${sums} in total` : ''}`,
    );
    return { ok: true, data, summary };
  },
});

const Amounts = {
  not_due: Type.String(),
  overdue_1_30: Type.String(),
  overdue_31_60: Type.String(),
  overdue_61_90: Type.String(),
  overdue_over_90: Type.String(),
  total: Type.String(),
};
const AgingAnswer = Type.Object({
  at: Type.String(),
  kind: Type.String(),
  rows: Type.Array(Type.Object({ partner: Partner, currency: Type.String(), ...Amounts })),
  totals: Type.Array(Type.Object({ currency: Type.String(), ...Amounts })),
});

// The partners that owe (or are owed) the most; the totals cover everyone.
const AGING_ROWS_MAX = 10;

export const agingTool = defineTool({
  name: 'open_items_aging',
  description:
    'The aging list of receivables (or payables) on a day: amounts not yet due and overdue 1-30, 31-60, 61-90 and over 90 days, in total and per partner.',
  parameters: Type.Object(
    { kind: Type.Optional(Kind), at: Type.Optional(Type.String({ pattern: DAY_PATTERN, description: 'YYYY-MM-DD; today when absent.' })) },
    { additionalProperties: false },
  ),
  async run(context, input) {
    const answer = await context.erp.get('finance', '/api/v1/finance/open-items/aging', { kind: input.kind ?? 'receivable', at: input.at });
    const read = readAs(AgingAnswer, answer, 'finance');
    if ('outcome' in read) return read.outcome;
    const { at, kind, rows, totals } = read.body;
    const largest = [...rows].sort((a, b) => new Decimal(b.total).comparedTo(a.total)).slice(0, AGING_ROWS_MAX);
    const data = { at, kind, partners: rows.length, totals, largest: largest.map(({ partner, ...amounts }) => ({ partner: partner.name, ...amounts })) };
    const sums = totals.map((total) => formatMoney(total.total, total.currency, context.language)).join(', ') || formatMoney('0', 'EUR', context.language);
    const summary = say(context.language, `Altersstruktur am ${at}: ${sums} offen`, `Aging on ${at}: ${sums} open`);
    return { ok: true, data, summary };
  },
});
