import { describe, expect, it } from 'vitest';
import type { AccountType } from '../../src/domain/chart.js';
import { toBalanceSheet } from '../../src/domain/hgb-balance-sheet.js';
import type { AccountTotal, StatementPosition } from '../../src/domain/hgb-positions.js';
import { toProfitAndLoss } from '../../src/domain/hgb-profit-and-loss.js';

const total = (account: string, type: AccountType, debit: string, credit: string): AccountTotal => ({ account, name: `Konto ${account}`, type, debit, credit });

/** Every position by number, sub-positions included, with its amount. */
const amounts = (positions: readonly StatementPosition[]): Record<string, string> =>
  Object.fromEntries(positions.flatMap((position) => [[position.number, position.amount], ...Object.entries(amounts(position.children))]));

describe('toProfitAndLoss', () => {
  it('should show income and expense as the statement prints them and sum up to items 15 and 17', () => {
    const report = toProfitAndLoss('SKR03', [
      total('8400', 'revenue', '0.00', '1000.00'),
      total('8736', 'revenue', '20.00', '0.00'),
      total('2700', 'revenue', '0.00', '5.00'),
      total('3400', 'expense', '400.00', '0.00'),
      total('3736', 'expense', '0.00', '8.00'),
      total('4120', 'expense', '300.00', '0.00'),
      total('4830', 'expense', '25.00', '0.00'),
      total('4930', 'expense', '12.00', '0.00'),
      total('2120', 'expense', '7.00', '0.00'),
      total('4320', 'expense', '30.00', '0.00'),
      total('4510', 'expense', '9.00', '0.00'),
      total('1200', 'asset', '999.00', '0.00'),
    ]);

    // 1: 1000 - 20 = 980; 4: 5; 5a: 400 - 8 = 392; 6a: 300; 7a: 25; 8: 12; 13: 7; 14: 30
    // 15: 980 + 5 - 392 - 300 - 25 - 12 - 7 - 30 = 219; 16: 9; 17: 219 - 9 = 210
    expect(amounts(report.positions)).toMatchObject({
      '1': '980.00',
      '4': '5.00',
      '5': '392.00',
      '5a': '392.00',
      '5b': '0.00',
      '6': '300.00',
      '6a': '300.00',
      '7': '25.00',
      '8': '12.00',
      '13': '7.00',
      '14': '30.00',
      '15': '219.00',
      '16': '9.00',
      '17': '210.00',
    });
    expect(report.result).toBe('210.00');
    expect(report.positions.map((position) => position.number)).toEqual(Array.from({ length: 17 }, (_, index) => String(index + 1)));
  });

  it('should list the accounts of a position, signed as the position reads, and leave out accounts that net to zero', () => {
    const report = toProfitAndLoss('SKR04', [
      total('5400', 'expense', '100.00', '0.00'),
      total('5736', 'expense', '0.00', '3.00'),
      total('5300', 'expense', '4.00', '4.00'),
    ]);

    const materials = report.positions.find((position) => position.number === '5')?.children[0];
    expect(materials?.accounts).toEqual([
      { account: '5400', name: 'Konto 5400', amount: '100.00' },
      { account: '5736', name: 'Konto 5736', amount: '-3.00' },
    ]);
    expect(report.result).toBe('-97.00');
  });
});

describe('toBalanceSheet', () => {
  it('should put the result into equity and balance assets against equity and liabilities', () => {
    const totals = [
      total('1200', 'asset', '1000.00', '0.00'),
      total('1400', 'asset', '119.00', '0.00'),
      total('0800', 'equity', '0.00', '1000.00'),
      total('1776', 'liability', '0.00', '19.00'),
      total('8400', 'revenue', '0.00', '100.00'),
      total('4930', 'expense', '0.00', '0.00'),
    ];

    const sheet = toBalanceSheet('SKR03', totals, '100.00');

    expect(amounts(sheet.assets.positions)).toMatchObject({ A: '0.00', B: '1119.00', 'B.II': '119.00', 'B.II.1': '119.00', 'B.IV': '1000.00', C: '0.00' });
    expect(amounts(sheet.equityAndLiabilities.positions)).toMatchObject({ A: '1100.00', 'A.I': '1000.00', 'A.V': '100.00', C: '19.00', 'C.8': '19.00' });
    expect([sheet.assets.total, sheet.equityAndLiabilities.total, sheet.balanced, sheet.difference]).toEqual(['1119.00', '1119.00', true, '0.00']);
  });

  it('should move an overdrawn bank account to the liabilities to banks and a VAT refund to the other assets', () => {
    const sheet = toBalanceSheet(
      'SKR03',
      [total('1200', 'asset', '100.00', '400.00'), total('1776', 'liability', '50.00', '0.00'), total('0800', 'equity', '250.00', '0.00')],
      '0.00',
    );

    expect(amounts(sheet.equityAndLiabilities.positions)).toMatchObject({ 'C.2': '300.00', 'A.I': '-250.00' });
    expect(amounts(sheet.assets.positions)).toMatchObject({ 'B.IV': '0.00', 'B.II.4': '50.00' });
    expect(sheet.balanced).toBe(true);
  });

  it('should report the difference of a ledger that does not balance', () => {
    const sheet = toBalanceSheet('SKR04', [total('1800', 'asset', '10.00', '0.00')], '0.00');

    expect([sheet.balanced, sheet.difference]).toEqual([false, '10.00']);
  });
});
