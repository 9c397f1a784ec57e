import { formatAmount, type Money, Money as MoneyValue, ZERO } from './money.js';
import { AGING_BUCKETS, type AgingBucket, agingBucket, daysBetween, type OpenItemDocumentType } from './open-item.js';

/** An amount open on the aging day, of one partner, currency, document type and due date. */
export interface OpenAmount {
  readonly partner: { readonly id: string; readonly number: string; readonly name: string };
  readonly currency: string;
  readonly documentType: OpenItemDocumentType;
  readonly dueDate: string;
  readonly open: string;
}

/** The buckets' amounts, their total, and the partner's open credits (credit notes, payments on account). */
export type AgingAmounts = Record<AgingBucket | 'total' | 'credits', string>;

export interface AgingRow extends AgingAmounts {
  readonly partner: OpenAmount['partner'];
  readonly currency: string;
}

export interface Aging {
  readonly rows: AgingRow[];
  /** One line per currency: amounts in different currencies are never added up. */
  readonly totals: (AgingAmounts & { currency: string })[];
}

type Sums = Record<AgingBucket | 'total' | 'credits', Money>;

const emptySums = (): Sums => ({
  not_due: ZERO,
  overdue_1_30: ZERO,
  overdue_31_60: ZERO,
  overdue_61_90: ZERO,
  overdue_over_90: ZERO,
  total: ZERO,
  credits: ZERO,
});

function add(sums: Sums, amount: OpenAmount, asOf: string): void {
  const open = new MoneyValue(amount.open);
  if (amount.documentType !== 'invoice') {
    sums.credits = sums.credits.plus(open);
    return;
  }
  const bucket = agingBucket(daysBetween(amount.dueDate, asOf));
  sums[bucket] = sums[bucket].plus(open);
  sums.total = sums.total.plus(open);
}

const toAmounts = (sums: Sums): AgingAmounts =>
  Object.fromEntries([...AGING_BUCKETS, 'total', 'credits'].map((key) => [key, formatAmount(sums[key as keyof Sums])])) as AgingAmounts;

/**
 * The aging list (Altersstruktur) on `asOf`: per partner and currency, the invoices' open amounts by how far
 * past their due date they are (not yet due, 1-30, 31-60, 61-90, over 90 days), their total, and apart from
 * them the partner's open credits; then a total line per currency. Exact decimals throughout.
 */
export function toAging(amounts: readonly OpenAmount[], asOf: string): Aging {
  const rows = new Map<string, { partner: OpenAmount['partner']; currency: string; sums: Sums }>();
  const totals = new Map<string, Sums>();
  for (const amount of amounts) {
    const key = `${amount.partner.id}/${amount.currency}`;
    const row = rows.get(key) ?? { partner: amount.partner, currency: amount.currency, sums: emptySums() };
    rows.set(key, row);
    add(row.sums, amount, asOf);
    const total = totals.get(amount.currency) ?? emptySums();
    totals.set(amount.currency, total);
    add(total, amount, asOf);
  }
  return {
    rows: [...rows.values()].map((row) => ({ partner: row.partner, currency: row.currency, ...toAmounts(row.sums) })),
    totals: [...totals.entries()].sort(([left], [right]) => left.localeCompare(right)).map(([currency, sums]) => ({ currency, ...toAmounts(sums) })),
  };
}
