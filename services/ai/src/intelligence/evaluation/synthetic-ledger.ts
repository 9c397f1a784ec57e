import { Decimal } from 'decimal.js';
import type { LedgerEntry, LedgerLine } from '../ledger/ledger-entry.js';
import { addDays, addMonths, daysInMonth, weekdayOf } from '../statistics/dates.js';
import { BANK_ACCOUNT, CATEGORIES, type Category, PAYABLES_ACCOUNT, RECEIVABLES_ACCOUNT, REVENUE_SEASON, TAX_ACCOUNTS } from './company-catalogue.js';
import { generatedId, type Random } from './random.js';

/** One posting the generator makes: the inputs an entry is built from. */
export interface Posting {
  readonly date: string;
  readonly description: string;
  readonly documentRef: string;
  /** Text of the main lines, when it says more than the description (an invoice's content). */
  readonly lineText?: string;
  readonly debit: string;
  readonly credit: string;
  readonly taxCode: string | null;
  /** Gross amount, exact. */
  readonly amount: string;
  /** Hour (UTC) and user of the posting. */
  readonly hour: number;
  readonly user: string;
}

export interface Counterparty {
  readonly name: string;
  readonly category: Category;
  /** A customer or contract number that recurs in its texts. */
  readonly customerNumber: string;
}

/** Every known counterparty of the catalogue with a fixed customer number. */
export function knownCounterparties(random: Random): Counterparty[] {
  return CATEGORIES.flatMap((category) => category.known.map((name) => ({ name, category, customerNumber: String(random.integer(10_000_000, 99_999_999)) })));
}

export function grossAmount(category: Category, random: Random, factor = 1): string {
  const value = category.typical * factor * Math.exp(category.spread * random.normal());
  return new Decimal(Math.max(1, value)).toDecimalPlaces(2).toFixed(2);
}

/** A purpose text from the category's templates, with fresh invoice numbers and the counterparty's customer number. */
export function purposeText(counterparty: Counterparty, date: string, random: Random, templates = counterparty.category.purposes): string {
  return random
    .pick(templates)
    .replace(/\{n\}/g, () => String(random.integer(100_000, 9_999_999)))
    .replace('{cust}', counterparty.customerNumber)
    .replace('{month}', date.slice(5, 7))
    .replace('{year}', date.slice(0, 4));
}

/**
 * Banks book on working days: a weekend date early in the month (rent, standing orders) moves to the Monday
 * after, a later one (payroll at month end) to the Friday before, so payments stay in their month.
 */
export function workingDay(date: string): string {
  const weekday = weekdayOf(date);
  if (weekday < 5) return date;
  if (Number(date.slice(8, 10)) <= 3) return addDays(date, 7 - weekday);
  return addDays(date, 4 - weekday);
}

function daysOf(category: Category, month: string, random: Random, season: number): string[] {
  if (category.monthlyDay !== undefined) return [workingDay(`${month}-${String(Math.min(category.monthlyDay, daysInMonth(month))).padStart(2, '0')}`)];
  const expected = category.perMonth * season;
  const count = Math.floor(expected) + (random.chance(expected - Math.floor(expected)) ? 1 : 0);
  return Array.from({ length: count }, () => workingDay(`${month}-${String(random.integer(1, 28)).padStart(2, '0')}`));
}

/** The postings one counterparty causes in a month: a bank payment, or an invoice and its later payment. */
export function counterpartyPostings(counterparty: Counterparty, month: string, random: Random): Posting[] {
  const { category } = counterparty;
  const season = category.name === 'customers' ? (REVENUE_SEASON[Number(month.slice(5, 7)) - 1] ?? 1) : 1;
  const postings: Posting[] = [];
  for (const date of daysOf(category, month, random, season)) {
    const amount = grossAmount(category, random, season);
    const purpose = purposeText(counterparty, date, random);
    const user = random.chance(0.8) ? 'anna.schmidt' : 'tom.berger';
    const hour = random.integer(7, 16);
    if (!category.viaPayable) {
      const [debit, credit] = category.direction === 'out' ? [category.account, BANK_ACCOUNT] : [BANK_ACCOUNT, category.account];
      postings.push({ date, description: `${counterparty.name} ${purpose}`, documentRef: '', debit, credit, taxCode: category.taxCode, amount, hour, user });
      continue;
    }
    const invoiceNumber = `RE-${date.slice(0, 4)}-${random.integer(1000, 99_999)}`;
    const open = category.direction === 'out' ? PAYABLES_ACCOUNT : RECEIVABLES_ACCOUNT;
    const invoice = category.direction === 'out' ? { debit: category.account, credit: open } : { debit: open, credit: category.account };
    const description = `${counterparty.name} Rechnung ${invoiceNumber}`;
    postings.push({ date, description, documentRef: invoiceNumber, lineText: purpose, ...invoice, taxCode: category.taxCode, amount, hour, user });
    const paid = workingDay(addDays(date, random.integer(10, 30)));
    const payment = category.direction === 'out' ? { debit: open, credit: BANK_ACCOUNT } : { debit: BANK_ACCOUNT, credit: open };
    postings.push({
      date: paid,
      description: `${counterparty.name} ${purpose}`,
      documentRef: invoiceNumber,
      ...payment,
      taxCode: null,
      amount,
      hour: random.integer(7, 16),
      user,
    });
  }
  return postings;
}

/** The lines of a posting: the main pair, and a tax line split off the taxed side when there is a tax code. */
export function postingLines(posting: Pick<Posting, 'debit' | 'credit' | 'taxCode' | 'amount' | 'description' | 'lineText'>): LedgerLine[] {
  const line = (lineNo: number, account: string, debit: string, credit: string, taxCode: string | null, taxOf: number | null): LedgerLine => ({
    lineNo,
    account,
    debit,
    credit,
    taxCode,
    taxOf,
    text: taxOf === null ? (posting.lineText ?? posting.description) : null,
  });
  const tax = posting.taxCode ? TAX_ACCOUNTS[posting.taxCode] : undefined;
  if (!tax) return [line(1, posting.debit, posting.amount, '0.00', null, null), line(2, posting.credit, '0.00', posting.amount, null, null)];
  const gross = new Decimal(posting.amount);
  const net = gross.dividedBy(new Decimal(1).plus(tax.rate)).toDecimalPlaces(2);
  const taxAmount = gross.minus(net).toFixed(2);
  if (posting.taxCode?.startsWith('USt'))
    return [
      line(1, posting.debit, posting.amount, '0.00', null, null),
      line(2, posting.credit, '0.00', net.toFixed(2), posting.taxCode, null),
      line(3, tax.account, '0.00', taxAmount, null, 2),
    ];
  return [
    line(1, posting.debit, net.toFixed(2), '0.00', posting.taxCode, null),
    line(2, tax.account, taxAmount, '0.00', null, 1),
    line(3, posting.credit, '0.00', posting.amount, null, null),
  ];
}

/** Turns postings into ledger entries with generated ids, in date order. */
export function toLedgerEntries(postings: readonly Posting[], idPrefix: number): LedgerEntry[] {
  return [...postings]
    .sort((a, b) => a.date.localeCompare(b.date) || a.hour - b.hour || a.description.localeCompare(b.description))
    .map((posting, index) => ({
      id: generatedId(idPrefix, index + 1),
      postingDate: posting.date,
      postedAt: `${posting.date}T${String(posting.hour).padStart(2, '0')}:${String((index * 7) % 60).padStart(2, '0')}:00.000Z`,
      postedBy: posting.user,
      documentRef: posting.documentRef,
      description: posting.description,
      reversalOf: null,
      reversed: false,
      lines: postingLines(posting),
    }));
}

/** The company's ordinary postings over `months` months from `firstMonth`. */
export function ordinaryPostings(counterparties: readonly Counterparty[], firstMonth: string, months: number, random: Random): Posting[] {
  const postings: Posting[] = [];
  for (let offset = 0; offset < months; offset += 1) {
    const month = addMonths(firstMonth, offset);
    for (const counterparty of counterparties) postings.push(...counterpartyPostings(counterparty, month, random));
  }
  return postings;
}
