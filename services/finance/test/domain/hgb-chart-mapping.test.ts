import { describe, expect, it } from 'vitest';
import type { AccountType, ChartTemplate } from '../../src/domain/chart.js';
import { isProfitAndLossType, placeAccount } from '../../src/domain/hgb-chart-mapping.js';
import { ASSETS_LAYOUT, EQUITY_AND_LIABILITIES_LAYOUT } from '../../src/domain/hgb-positions.js';
import { leafKeys } from '../../src/domain/hgb-statement-tree.js';
import { SKR03 } from '../../src/domain/skr03.js';
import { SKR04 } from '../../src/domain/skr04.js';

const ASSETS = leafKeys(ASSETS_LAYOUT);
const PASSIVA = leafKeys(EQUITY_AND_LIABILITIES_LAYOUT);

/** The side of the statements an account of a type belongs to by nature. */
const sideOf = (type: AccountType) => (isProfitAndLossType(type) ? 'profit_and_loss' : 'balance_sheet');

describe.each([SKR03, SKR04] as ChartTemplate[])('placeAccount for every $chart template account', (template) => {
  it('should place each account by its range, in the statement its type belongs to', () => {
    const misplaced = template.accounts
      .map((account) => ({ account, place: placeAccount(template.chart, account) }))
      .filter(({ account, place }) => place.byType || place.statement !== sideOf(account.type));

    expect(misplaced.map(({ account }) => account.number)).toEqual([]);
  });

  it('should put asset accounts on the assets side and liability accounts on the other side (but for sign switches)', () => {
    const wrongSide = template.accounts.filter((account) => {
      const place = placeAccount(template.chart, account);
      if (place.statement !== 'balance_sheet') return false;
      return account.type === 'asset' ? !ASSETS.has(place.key) : !PASSIVA.has(place.key);
    });

    expect(wrongSide.map((account) => account.number)).toEqual([]);
  });
});

describe('placeAccount', () => {
  it.each([
    ['SKR03', '8400', 'revenue', 'revenue'],
    ['SKR03', '8736', 'revenue', 'revenue'],
    ['SKR03', '3736', 'expense', 'materials'],
    ['SKR03', '3125', 'expense', 'purchased_services'],
    ['SKR03', '4120', 'expense', 'wages_and_salaries'],
    ['SKR03', '4138', 'expense', 'social_security'],
    ['SKR03', '4830', 'expense', 'depreciation'],
    ['SKR03', '4320', 'expense', 'income_taxes'],
    ['SKR03', '4510', 'expense', 'other_taxes'],
    ['SKR03', '2120', 'expense', 'interest_expense'],
    ['SKR03', '2650', 'revenue', 'interest_income'],
    ['SKR03', '2660', 'revenue', 'other_operating_income'],
    ['SKR03', '8800', 'revenue', 'other_operating_income'],
    ['SKR04', '4400', 'revenue', 'revenue'],
    ['SKR04', '4800', 'revenue', 'inventory_change'],
    ['SKR04', '5400', 'expense', 'materials'],
    ['SKR04', '5925', 'expense', 'purchased_services'],
    ['SKR04', '6020', 'expense', 'wages_and_salaries'],
    ['SKR04', '6222', 'expense', 'depreciation'],
    ['SKR04', '7610', 'expense', 'income_taxes'],
    ['SKR04', '7685', 'expense', 'other_taxes'],
  ] as const)('should place %s %s (%s) in %s', (chart, number, type, key) => {
    expect(placeAccount(chart, { number, type })).toEqual({ statement: 'profit_and_loss', key, byType: false });
  });

  it.each([
    ['SKR03', '1200', 'asset', 'cash', 'bank_liabilities'],
    ['SKR03', '1400', 'asset', 'trade_receivables', 'other_liabilities'],
    ['SKR03', '1776', 'liability', 'other_liabilities', 'other_assets'],
    ['SKR03', '3980', 'asset', 'inventories', null],
    ['SKR03', '0640', 'liability', 'bank_liabilities', null],
    ['SKR03', '0860', 'equity', 'retained_earnings', null],
    ['SKR04', '1800', 'asset', 'cash', 'bank_liabilities'],
    ['SKR04', '1406', 'asset', 'other_assets', 'other_liabilities'],
    ['SKR04', '3300', 'liability', 'trade_payables', 'other_assets'],
    ['SKR04', '2970', 'equity', 'retained_earnings', null],
    ['SKR04', '3040', 'liability', 'tax_provisions', null],
  ] as const)('should place %s %s (%s) in %s, the other sign in %s', (chart, number, type, key, otherSign) => {
    expect(placeAccount(chart, { number, type })).toEqual({ statement: 'balance_sheet', key, otherSign, byType: false });
  });

  it('should place a custom account by the range of its first four digits', () => {
    expect(placeAccount('SKR03', { number: '84001', type: 'revenue' })).toMatchObject({ key: 'revenue', byType: false });
    expect(placeAccount('SKR03', { number: '4711', type: 'expense' })).toMatchObject({ key: 'other_operating_expenses', byType: false });
    expect(placeAccount('SKR04', { number: '62250', type: 'expense' })).toMatchObject({ key: 'depreciation', byType: false });
  });

  it.each([
    ['SKR03', '5000', 'expense', 'other_operating_expenses'],
    ['SKR03', '6100', 'revenue', 'other_operating_income'],
    ['SKR03', '8450', 'asset', 'other_assets'],
    ['SKR03', '4711', 'liability', 'other_liabilities'],
    ['SKR04', '1200', 'expense', 'other_operating_expenses'],
    ['SKR04', '7450', 'equity', 'subscribed_capital'],
  ] as const)('should fall back by type for %s %s of type %s, whose range is missing or of the other statement', (chart, number, type, key) => {
    expect(placeAccount(chart, { number, type })).toMatchObject({ key, byType: true });
  });
});
