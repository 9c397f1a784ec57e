import type { BankMovement } from '../forecasting/recurring.js';
import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { AnomalySet, InjectedKind } from './anomaly-set.js';
import type { LiquiditySet } from './liquidity-set.js';
import type { SuggestionSet } from './suggestion-set.js';

// The committed fixtures under services/ai/eval/ store entries as arrays, not objects: the files stay a
// fraction of the size and still diff line by line.

/** `text` 1 stands for the entry's description, which most line texts repeat. */
type CompactLine = [account: string, debit: string, credit: string, taxCode: string | null, taxOf: number | null, text: string | null | 1];
type CompactEntry = [id: string, postingDate: string, postedAt: string, postedBy: string, documentRef: string, description: string, lines: CompactLine[]];

export function compactEntry(entry: LedgerEntry): CompactEntry {
  return [
    entry.id,
    entry.postingDate,
    entry.postedAt,
    entry.postedBy,
    entry.documentRef,
    entry.description,
    entry.lines.map((line) => [line.account, line.debit, line.credit, line.taxCode, line.taxOf, line.text === entry.description ? 1 : line.text]),
  ];
}

export function expandEntry([id, postingDate, postedAt, postedBy, documentRef, description, lines]: CompactEntry): LedgerEntry {
  return {
    id,
    postingDate,
    postedAt,
    postedBy,
    documentRef,
    description,
    reversalOf: null,
    reversed: false,
    lines: lines.map(([account, debit, credit, taxCode, taxOf, text], index) => ({
      lineNo: index + 1,
      account,
      debit,
      credit,
      taxCode,
      taxOf,
      text: text === 1 ? description : text,
    })),
  };
}

export interface SuggestionFixture {
  readonly seed: number;
  readonly history: CompactEntry[];
  readonly items: SuggestionSet['items'];
}

export const toSuggestionFixture = (set: SuggestionSet): SuggestionFixture => ({
  seed: set.seed,
  history: set.history.map(compactEntry),
  items: [...set.items],
});
export const fromSuggestionFixture = (fixture: SuggestionFixture): SuggestionSet => ({
  seed: fixture.seed,
  history: fixture.history.map(expandEntry),
  items: fixture.items,
});

export interface AnomalyFixture {
  readonly seed: number;
  readonly from: string;
  readonly to: string;
  readonly approval_limits: readonly number[];
  readonly injected: Readonly<Record<string, InjectedKind>>;
  readonly entries: CompactEntry[];
}

export const toAnomalyFixture = (set: AnomalySet): AnomalyFixture => ({
  seed: set.seed,
  from: set.from,
  to: set.to,
  approval_limits: set.approvalLimits,
  injected: set.injected,
  entries: set.entries.map(compactEntry),
});
export const fromAnomalyFixture = (fixture: AnomalyFixture): AnomalySet => ({
  seed: fixture.seed,
  from: fixture.from,
  to: fixture.to,
  approvalLimits: fixture.approval_limits,
  injected: fixture.injected,
  entries: fixture.entries.map(expandEntry),
});

type CompactMovement = [date: string, amount: string, counterAccount: string | null, counterparty: string];

export interface LiquidityFixture {
  readonly seed: number;
  readonly as_of: string;
  readonly closing_balance: string;
  readonly movements: CompactMovement[];
}

export const toLiquidityFixture = (set: LiquiditySet): LiquidityFixture => ({
  seed: set.seed,
  as_of: set.asOf,
  closing_balance: set.closingBalance,
  movements: set.movements.map((movement) => [movement.date, movement.amount.toFixed(2), movement.counterAccount, movement.counterparty]),
});
export const fromLiquidityFixture = (fixture: LiquidityFixture): LiquiditySet => ({
  seed: fixture.seed,
  asOf: fixture.as_of,
  closingBalance: fixture.closing_balance,
  movements: fixture.movements.map(
    ([date, amount, counterAccount, counterparty]): BankMovement => ({ date, amount: Number(amount), counterAccount, counterparty }),
  ),
});

/** The public AirPassengers series (Box and Jenkins 1976, series G): monthly international airline passengers, thousands. */
export interface AirPassengersFixture {
  readonly source: string;
  readonly start: string;
  readonly values: readonly number[];
}
