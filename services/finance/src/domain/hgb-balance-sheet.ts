import type { ChartName } from './chart.js';
import { placeAccount } from './hgb-chart-mapping.js';
import {
  type AccountAmount,
  type AccountTotal,
  ASSETS_LAYOUT,
  EQUITY_AND_LIABILITIES_LAYOUT,
  NET_INCOME_KEY,
  type StatementPosition,
} from './hgb-positions.js';
import { fillLayout, groupByKey, leafKeys } from './hgb-statement-tree.js';
import { formatAmount, Money, sum } from './money.js';

export interface BalanceSheetSide {
  readonly total: string;
  readonly positions: readonly StatementPosition[];
}

export interface BalanceSheet {
  readonly assets: BalanceSheetSide;
  readonly equityAndLiabilities: BalanceSheetSide;
  /** Assets minus equity and liabilities: zero in a consistent ledger. */
  readonly difference: string;
  readonly balanced: boolean;
}

const ASSET_KEYS = leafKeys(ASSETS_LAYOUT);

function side(layout: typeof ASSETS_LAYOUT, accounts: Map<string, AccountAmount[]>, computed?: Map<string, Money>): BalanceSheetSide {
  const positions = fillLayout(layout, accounts, computed);
  return { total: formatAmount(sum(positions.map((position) => new Money(position.amount)))), positions };
}

/**
 * The balance sheet (HGB § 266) from the balance-sheet accounts' cumulated movements and the result of the same
 * periods, which stands in equity (A.V) until the year is closed. Assets read debit minus credit, equity and
 * liabilities credit minus debit. An account whose balance has the other sign moves to its range's counterpart
 * when there is one (a bank account in overdraft to the liabilities to banks, a debit balance of the VAT
 * accounts to the other assets); otherwise it stays and shows negative.
 */
export function toBalanceSheet(chart: ChartName, totals: readonly AccountTotal[], netIncome: string): BalanceSheet {
  const placed = totals.flatMap((total) => {
    const place = placeAccount(chart, { number: total.account, type: total.type });
    if (place.statement !== 'balance_sheet') return [];
    const debitBalance = new Money(total.debit).minus(total.credit);
    const onAssetSide = ASSET_KEYS.has(place.key);
    const amount = onAssetSide ? debitBalance : debitBalance.negated();
    const moves = amount.isNegative() && !amount.isZero() && place.otherSign !== null;
    const key = moves ? (place.otherSign ?? place.key) : place.key;
    return [{ key, amount: { account: total.account, name: total.name, amount: formatAmount(moves ? amount.negated() : amount) } }];
  });
  const byKey = groupByKey(placed);
  const assets = side(ASSETS_LAYOUT, byKey);
  const equityAndLiabilities = side(EQUITY_AND_LIABILITIES_LAYOUT, byKey, new Map([[NET_INCOME_KEY, new Money(netIncome)]]));
  const difference = new Money(assets.total).minus(equityAndLiabilities.total);
  return { assets, equityAndLiabilities, difference: formatAmount(difference), balanced: difference.isZero() };
}
