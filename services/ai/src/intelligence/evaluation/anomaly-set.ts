import { Decimal } from 'decimal.js';
import type { LedgerEntry } from '../ledger/ledger-entry.js';
import { addDays, daysInMonth } from '../statistics/dates.js';
import { BANK_ACCOUNT, CATEGORIES, type Category, PAYABLES_ACCOUNT } from './company-catalogue.js';
import { createRandom, type Random } from './random.js';
import { type Counterparty, grossAmount, knownCounterparties, ordinaryPostings, type Posting, toLedgerEntries, workingDay } from './synthetic-ledger.js';

/** The kinds of anomaly planted into the synthetic ledger. */
export type InjectedKind = 'amount_outlier' | 'duplicate' | 'unusual_account_pair' | 'just_below_approval_limit' | 'split_payment' | 'odd_posting_time';

export interface AnomalySet {
  readonly seed: number;
  readonly from: string;
  readonly to: string;
  readonly approvalLimits: readonly number[];
  readonly entries: readonly LedgerEntry[];
  /** Entry id → the kind planted there. */
  readonly injected: Readonly<Record<string, InjectedKind>>;
}

export const ANOMALY_SET_SEED = 4_711;
export const ANOMALY_LIMITS = [1000, 5000, 10_000];
// Thirteen months of history before the year examined: the detectors compare with the same month a year before.
const FIRST_MONTH = '2022-11';
const MONTHS = 26;
const WINDOW = { from: '2024-01-01', to: '2024-12-31' };
/** Busier than the suggestion company: more purchases and customers, so a year has a few thousand entries. */
const VOLUME = 3;

type Planted = Posting & { readonly plant?: InjectedKind };

function busier(counterparties: readonly Counterparty[]): Counterparty[] {
  return counterparties.map((counterparty) =>
    counterparty.category.monthlyDay === undefined
      ? { ...counterparty, category: { ...counterparty.category, perMonth: counterparty.category.perMonth * VOLUME } }
      : counterparty,
  );
}

/** A nightly bank import posts a share of the direct bank postings at 02:00 UTC, by habit. */
function withNightlyImport(postings: readonly Posting[], random: Random): Posting[] {
  return postings.map((posting) =>
    posting.documentRef === '' && (posting.credit === BANK_ACCOUNT || posting.debit === BANK_ACCOUNT) && random.chance(0.3)
      ? { ...posting, user: 'bank-import', hour: 1 }
      : posting,
  );
}

const categoryNamed = (name: string) => CATEGORIES.find((category) => category.name === name) as Category;

function windowDate(random: Random): string {
  const month = `2024-${String(random.integer(1, 12)).padStart(2, '0')}`;
  return workingDay(`${month}-${String(random.integer(1, Math.min(26, daysInMonth(month)))).padStart(2, '0')}`);
}

function pickWindowPosting(postings: readonly Posting[], random: Random, test: (posting: Posting) => boolean): Posting {
  const candidates = postings.filter((posting) => posting.date >= WINDOW.from && posting.date <= '2024-12-20' && test(posting));
  return random.pick(candidates);
}

/** Plants the anomalies; each planted posting carries its kind. */
function plant(postings: readonly Posting[], counterparties: readonly Counterparty[], random: Random): Planted[] {
  const planted: Planted[] = [];
  const direct = (posting: Posting) => posting.credit === BANK_ACCOUNT && posting.documentRef === '' && posting.debit !== '4120';
  for (const name of ['fuel', 'office', 'travel', 'rent']) {
    const original = pickWindowPosting(postings, random, (posting) => direct(posting) && posting.debit === categoryNamed(name).account);
    const factor = name === 'rent' ? 2 : random.integer(8, 12);
    planted.push({ ...original, date: windowDate(random), amount: new Decimal(original.amount).times(factor).toFixed(2), plant: 'amount_outlier' });
  }
  for (let index = 0; index < 4; index += 1) {
    const original = pickWindowPosting(postings, random, (posting) => posting.debit !== '4120' && posting.debit !== '4210');
    planted.push({ ...original, date: workingDay(addDays(original.date, random.integer(1, 2))), hour: random.integer(7, 16), plant: 'duplicate' });
  }
  for (const [name, wrongAccount] of [
    ['telecom', '4930'],
    ['energy', '4920'],
    ['hosting', '4240'],
  ] as const) {
    const original = pickWindowPosting(postings, random, (posting) => direct(posting) && posting.debit === categoryNamed(name).account);
    planted.push({ ...original, date: windowDate(random), debit: wrongAccount, plant: 'unusual_account_pair' });
  }
  const consultant = 'Beratung Nord Consulting';
  for (const [date, amount] of [
    [windowDate(random), '4985.00'],
    ['2024-06-03', '9890.00'],
    ['2024-06-12', '9945.50'],
  ] as const)
    planted.push(plantedInvoice(consultant, date, amount, random, 'just_below_approval_limit'));
  for (const [name, limit] of [
    ['goods', 10_000],
    ['advertising', 5000],
  ] as const) {
    const supplier = counterparties.find((counterparty) => counterparty.category.name === name) as Counterparty;
    const date = windowDate(random);
    const part = (limit * (0.55 + random.next() * 0.1)).toFixed(2);
    for (const offset of [0, 1])
      planted.push({ ...plantedInvoice(supplier.name, workingDay(addDays(date, offset)), part, random, 'split_payment'), debit: supplier.category.account });
  }
  for (const [hour, weekend] of [
    [22, false],
    [1, false],
    [10, true],
  ] as const) {
    const original = pickWindowPosting(postings, random, direct);
    let date = windowDate(random);
    if (weekend) date = addDays(date, 6 - ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
    planted.push({ ...original, date, hour, user: 'anna.schmidt', amount: grossAmount(categoryNamed('office'), random), plant: 'odd_posting_time' });
  }
  return planted;
}

function plantedInvoice(name: string, date: string, amount: string, random: Random, kind: InjectedKind): Planted {
  const number = `RE-2024-${random.integer(1000, 99_999)}`;
  return {
    date,
    description: `${name} Rechnung ${number}`,
    documentRef: number,
    lineText: 'Beratungsleistung Projekt',
    debit: '4900',
    credit: PAYABLES_ACCOUNT,
    taxCode: 'VSt19',
    amount,
    hour: random.integer(7, 16),
    user: 'tom.berger',
    plant: kind,
  };
}

/**
 * The labelled anomaly set: 26 months of a busier synthetic company (with a nightly bank import), and in its
 * last year a few planted anomalies of each kind, about 0.7 % of that year's entries.
 */
export function generateAnomalySet(seed = ANOMALY_SET_SEED): AnomalySet {
  const random = createRandom(seed);
  const counterparties = busier(knownCounterparties(random));
  const ordinary = withNightlyImport(ordinaryPostings(counterparties, FIRST_MONTH, MONTHS, random), random);
  const planted = plant(ordinary, counterparties, random);
  const all: Planted[] = [...ordinary, ...planted];
  const entries = toLedgerEntries(all, 0xa40);
  // toLedgerEntries sorts stably by date, hour and text; find each planted posting's entry by identity of order.
  const order = [...all.keys()].sort((a, b) => {
    const left = all[a] as Planted;
    const right = all[b] as Planted;
    return left.date.localeCompare(right.date) || left.hour - right.hour || left.description.localeCompare(right.description) || a - b;
  });
  const injected: Record<string, InjectedKind> = {};
  order.forEach((index, position) => {
    const kind = all[index]?.plant;
    if (kind) injected[(entries[position] as LedgerEntry).id] = kind;
  });
  return { seed, ...WINDOW, approvalLimits: ANOMALY_LIMITS, entries, injected };
}
