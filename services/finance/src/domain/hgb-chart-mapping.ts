import type { AccountType, ChartName } from './chart.js';
import { BALANCE_SHEET_KEYS, type BalanceSheetKey, type ProfitAndLossKey } from './hgb-positions.js';

/**
 * A range of four-digit account numbers and the position its accounts belong to. A balance-sheet range may name
 * a second position for a balance of the other sign (a bank account in overdraft is a liability to the bank).
 */
type Range = readonly [from: number, to: number, key: ProfitAndLossKey | BalanceSheetKey, otherSign?: BalanceSheetKey];

// DATEV SKR03 (Prozessgliederung) by account class, after DATEV's assignment of accounts to HGB positions. The
// first matching range wins, so single accounts (2375 Grundsteuer, 4320 Gewerbesteuer) come before their class.
const SKR03: readonly Range[] = [
  [10, 49, 'intangible_assets'],
  [50, 499, 'tangible_assets'],
  [500, 599, 'financial_assets'],
  [600, 629, 'other_liabilities'],
  [630, 699, 'bank_liabilities'],
  [700, 799, 'other_liabilities'],
  [800, 839, 'subscribed_capital'],
  [840, 845, 'capital_reserve'],
  [846, 859, 'revenue_reserves'],
  [860, 869, 'retained_earnings'],
  [870, 899, 'subscribed_capital'],
  [950, 954, 'pension_provisions'],
  [955, 964, 'tax_provisions'],
  [965, 979, 'other_provisions'],
  [980, 989, 'prepaid_expenses'],
  [990, 999, 'deferred_income'],
  [1000, 1099, 'cash'],
  [1100, 1299, 'cash', 'bank_liabilities'],
  [1300, 1329, 'other_assets'],
  [1330, 1339, 'cash'],
  [1340, 1349, 'securities'],
  [1350, 1399, 'other_assets'],
  [1400, 1499, 'trade_receivables', 'other_liabilities'],
  [1510, 1519, 'inventories'],
  [1500, 1599, 'other_assets', 'other_liabilities'],
  [1600, 1699, 'trade_payables', 'other_assets'],
  [1710, 1719, 'advance_payments_received'],
  [1700, 1799, 'other_liabilities', 'other_assets'],
  [1800, 1999, 'subscribed_capital'],
  [2000, 2099, 'other_operating_expenses'],
  [2100, 2149, 'interest_expense'],
  [2150, 2199, 'other_operating_expenses'],
  [2200, 2284, 'income_taxes'],
  [2285, 2299, 'other_taxes'],
  [2375, 2375, 'other_taxes'],
  [2300, 2599, 'other_operating_expenses'],
  [2600, 2619, 'participation_income'],
  [2620, 2649, 'securities_income'],
  [2650, 2659, 'interest_income'],
  [2660, 2669, 'other_operating_income'],
  [2670, 2699, 'interest_income'],
  [2700, 2799, 'other_operating_income'],
  [3000, 3099, 'materials'],
  [3100, 3199, 'purchased_services'],
  [3200, 3969, 'materials'],
  [3970, 3989, 'inventories'],
  [3990, 4099, 'materials'],
  [4100, 4129, 'wages_and_salaries'],
  [4130, 4189, 'social_security'],
  [4190, 4199, 'wages_and_salaries'],
  [4320, 4329, 'income_taxes'],
  [4330, 4359, 'other_taxes'],
  [4510, 4519, 'other_taxes'],
  [4820, 4879, 'depreciation'],
  [4880, 4899, 'current_asset_write_downs'],
  [4200, 4999, 'other_operating_expenses'],
  [7000, 7999, 'inventories'],
  [8000, 8799, 'revenue'],
  [8800, 8899, 'other_operating_income'],
  [8900, 8959, 'revenue'],
  [8960, 8989, 'inventory_change'],
  [8990, 8999, 'own_work_capitalised'],
  [9000, 9099, 'opening_balance_accounts'],
];

// DATEV SKR04 (Abschlussgliederung): the classes follow the statements, so the ranges are wide.
const SKR04: readonly Range[] = [
  [100, 199, 'intangible_assets'],
  [200, 799, 'tangible_assets'],
  [800, 999, 'financial_assets'],
  [1000, 1199, 'inventories'],
  [1200, 1299, 'trade_receivables', 'other_liabilities'],
  [1300, 1499, 'other_assets', 'other_liabilities'],
  [1500, 1549, 'securities'],
  [1550, 1699, 'cash'],
  [1700, 1899, 'cash', 'bank_liabilities'],
  [1900, 1949, 'prepaid_expenses'],
  [2000, 2919, 'subscribed_capital'],
  [2920, 2929, 'capital_reserve'],
  [2930, 2969, 'revenue_reserves'],
  [2970, 2979, 'retained_earnings'],
  [3000, 3019, 'pension_provisions'],
  [3020, 3069, 'tax_provisions'],
  [3070, 3099, 'other_provisions'],
  [3100, 3149, 'other_liabilities'],
  [3150, 3249, 'bank_liabilities'],
  [3250, 3299, 'advance_payments_received'],
  [3300, 3399, 'trade_payables', 'other_assets'],
  [3400, 3899, 'other_liabilities', 'other_assets'],
  [3900, 3949, 'deferred_income'],
  [4000, 4799, 'revenue'],
  [4800, 4819, 'inventory_change'],
  [4820, 4829, 'own_work_capitalised'],
  [4830, 4999, 'other_operating_income'],
  [5000, 5899, 'materials'],
  [5900, 5999, 'purchased_services'],
  [6000, 6099, 'wages_and_salaries'],
  [6100, 6199, 'social_security'],
  [6200, 6269, 'depreciation'],
  [6270, 6299, 'current_asset_write_downs'],
  [6300, 6999, 'other_operating_expenses'],
  [7000, 7009, 'participation_income'],
  [7010, 7099, 'securities_income'],
  [7100, 7199, 'interest_income'],
  [7200, 7299, 'financial_asset_write_downs'],
  [7300, 7399, 'interest_expense'],
  [7600, 7649, 'income_taxes'],
  [7650, 7699, 'other_taxes'],
  [9000, 9099, 'opening_balance_accounts'],
];

const RANGES: Readonly<Record<ChartName, readonly Range[]>> = { SKR03, SKR04 };
const BALANCE_SHEET = new Set<string>(BALANCE_SHEET_KEYS);

/** Where an account goes: a position of the P&L, or of the balance sheet with the position for the other sign. */
export type HgbPlace =
  | { readonly statement: 'profit_and_loss'; readonly key: ProfitAndLossKey; readonly byType: boolean }
  | { readonly statement: 'balance_sheet'; readonly key: BalanceSheetKey; readonly otherSign: BalanceSheetKey | null; readonly byType: boolean };

export const isProfitAndLossType = (type: AccountType): boolean => type === 'revenue' || type === 'expense';

function byType(type: AccountType): HgbPlace {
  switch (type) {
    case 'revenue':
      return { statement: 'profit_and_loss', key: 'other_operating_income', byType: true };
    case 'expense':
      return { statement: 'profit_and_loss', key: 'other_operating_expenses', byType: true };
    case 'asset':
      return { statement: 'balance_sheet', key: 'other_assets', otherSign: null, byType: true };
    case 'liability':
      return { statement: 'balance_sheet', key: 'other_liabilities', otherSign: null, byType: true };
    default:
      return { statement: 'balance_sheet', key: 'subscribed_capital', otherSign: null, byType: true };
  }
}

/**
 * Places an account in the statements. The account's type decides the statement (revenue and expense accounts
 * belong to the P&L, all others to the balance sheet); within it, the range of its first four digits decides
 * the position, so a custom account lands where DATEV would put its number (a longer number such as 84001 is
 * read as 8400, as DATEV's longer Sachkonten are). An account whose range is missing or belongs to the other
 * statement falls back by type: other operating income or expenses, other assets or liabilities, or capital.
 */
export function placeAccount(chart: ChartName, account: { readonly number: string; readonly type: AccountType }): HgbPlace {
  const prefix = Number(account.number.slice(0, 4));
  const range = RANGES[chart].find(([from, to]) => prefix >= from && prefix <= to);
  const profitAndLoss = isProfitAndLossType(account.type);
  if (!range || BALANCE_SHEET.has(range[2]) === profitAndLoss) return byType(account.type);
  const [, , key, otherSign] = range;
  return profitAndLoss
    ? { statement: 'profit_and_loss', key: key as ProfitAndLossKey, byType: false }
    : { statement: 'balance_sheet', key: key as BalanceSheetKey, otherSign: otherSign ?? null, byType: false };
}
