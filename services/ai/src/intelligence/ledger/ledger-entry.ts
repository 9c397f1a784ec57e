import { Decimal } from 'decimal.js';
import { amountBandToken, counterpartyKey, tokenise } from '../text/normalise.js';

/** A line of a posted entry in euro (the base currency); amounts are decimal strings, one side zero. */
export interface LedgerLine {
  readonly lineNo: number;
  readonly account: string;
  readonly debit: string;
  readonly credit: string;
  readonly taxCode: string | null;
  /** The line a generated tax line belongs to. */
  readonly taxOf: number | null;
  readonly text: string | null;
}

/** A posted journal entry as the ai service's read model holds it. */
export interface LedgerEntry {
  readonly id: string;
  /** YYYY-MM-DD. */
  readonly postingDate: string;
  /** ISO timestamp of the posting. */
  readonly postedAt: string;
  readonly postedBy: string;
  readonly documentRef: string;
  readonly description: string;
  /** Set on a reversal (Storno): the entry it cancels. */
  readonly reversalOf: string | null;
  /** Whether a later reversal cancelled this entry. */
  readonly reversed: boolean;
  readonly lines: readonly LedgerLine[];
}

/** The account pair and tax code a posting is learned and proposed as. */
export interface PostingLabel {
  readonly debitAccount: string;
  readonly creditAccount: string;
  readonly taxCode: string | null;
}

/** What the suggestion model and the detectors read from one entry. */
export interface EntryFeatures {
  readonly label: PostingLabel | undefined;
  /** The entry's gross amount, exact: the sum of its debit lines, in euro. */
  readonly amount: string;
  readonly counterparty: string;
  readonly tokens: readonly string[];
}

// Comparing sizes of lines only; no arithmetic on the amounts.
const toNumber = (amount: string) => Number(amount);

/** The label's key: `debit|credit|tax`. */
export function labelKey(label: PostingLabel): string {
  return `${label.debitAccount}|${label.creditAccount}|${label.taxCode ?? ''}`;
}

/** The inverse of {@link labelKey}. */
export function parseLabelKey(key: string): PostingLabel {
  const [debitAccount = '', creditAccount = '', taxCode = ''] = key.split('|');
  return { debitAccount, creditAccount, taxCode: taxCode === '' ? null : taxCode };
}

function largest(lines: readonly LedgerLine[], side: 'debit' | 'credit'): LedgerLine | undefined {
  let best: LedgerLine | undefined;
  for (const line of lines) if (toNumber(line[side]) > 0 && (!best || toNumber(line[side]) > toNumber(best[side]))) best = line;
  return best;
}

/**
 * The entry's label: the largest debit and the largest credit among its lines that are not generated tax
 * lines, and the tax code of those lines. A compound entry (one invoice over three expense accounts) is thus
 * learned as its main pair.
 */
export function entryLabel(entry: Pick<LedgerEntry, 'lines'>): PostingLabel | undefined {
  const main = entry.lines.filter((line) => line.taxOf === null);
  const debit = largest(main, 'debit');
  const credit = largest(main, 'credit');
  if (!debit || !credit || debit.account === credit.account) return undefined;
  return { debitAccount: debit.account, creditAccount: credit.account, taxCode: debit.taxCode ?? credit.taxCode ?? null };
}

/** The booking text of an entry: description, line texts and document reference. */
export function entryText(entry: Pick<LedgerEntry, 'description' | 'documentRef' | 'lines'>): string {
  const lineTexts = entry.lines.map((line) => line.text).filter((text): text is string => Boolean(text) && text !== entry.description);
  return [entry.description, ...new Set(lineTexts), entry.documentRef].join(' ');
}

/** The entry's gross amount, exact, with two decimals. */
export function entryAmount(entry: Pick<LedgerEntry, 'lines'>): string {
  return entry.lines.reduce((total, line) => total.plus(line.debit), new Decimal(0)).toFixed(2);
}

/** The features of an entry, computed once when it enters the read model. */
export function entryFeatures(entry: Pick<LedgerEntry, 'description' | 'documentRef' | 'lines'>): EntryFeatures {
  const amount = entryAmount(entry);
  // Statistics (bands, scores) work on binary floats; the amount itself stays an exact string.
  const band = amountBandToken(Number(amount));
  return {
    label: entryLabel(entry),
    amount,
    counterparty: counterpartyKey(entry.description),
    tokens: [...tokenise(entryText(entry)), ...(band ? [band] : [])],
  };
}
