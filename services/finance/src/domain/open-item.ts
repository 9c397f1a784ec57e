/** Receivable: a customer's document; payable: a supplier's. */
export type OpenItemKind = 'receivable' | 'payable';
/** An invoice, a credit note's surplus over its invoice, or a payment on account. */
export type OpenItemDocumentType = 'invoice' | 'credit_note' | 'payment_on_account';
export type OpenItemStatus = 'open' | 'partially_paid' | 'paid';

export const OPEN_ITEM_KINDS = ['receivable', 'payable'] as const;
export const OPEN_ITEM_STATUSES = ['open', 'partially_paid', 'paid'] as const;

/**
 * Whether the partner owes the item (a customer's invoice, a supplier's credit or a payment on account to a
 * supplier), so that an incoming payment settles it; otherwise the company owes it and an outgoing one does.
 */
export function isOwedByPartner(kind: OpenItemKind, documentType: OpenItemDocumentType): boolean {
  return (kind === 'receivable') === (documentType === 'invoice');
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcMs(day: string): number {
  const match = DATE.exec(day);
  if (!match) throw new RangeError(`"${day}" is not a date in the form YYYY-MM-DD`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** The day `days` after `day` (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return new Date(toUtcMs(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** Days past the due date on `asOf`; 0 while the item is not yet due. */
export function daysOverdue(dueDate: string, asOf: string): number {
  return Math.max(0, daysBetween(dueDate, asOf));
}

/**
 * The dunning level an item reaches `days` days past its due date: level n when it is more than
 * `levelDays[n - 1]` days overdue (levels sorted ascending, e.g. [0, 14, 28]); 0 before the first.
 */
export function dunningLevelFor(days: number, levelDays: readonly number[]): number {
  let level = 0;
  levelDays.forEach((threshold, index) => {
    if (days > threshold) level = index + 1;
  });
  return level;
}

/** The calendar day of `now` in `timeZone` (YYYY-MM-DD): the business day dues and dunning count in. */
export function businessDay(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The aging buckets of a list: not yet due, then by days overdue. */
export const AGING_BUCKETS = ['not_due', 'overdue_1_30', 'overdue_31_60', 'overdue_61_90', 'overdue_over_90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** The aging bucket of an item `days` days overdue. */
export function agingBucket(days: number): AgingBucket {
  if (days <= 0) return 'not_due';
  if (days <= 30) return 'overdue_1_30';
  if (days <= 60) return 'overdue_31_60';
  return days <= 90 ? 'overdue_61_90' : 'overdue_over_90';
}
