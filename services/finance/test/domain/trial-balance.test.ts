import { describe, expect, it } from 'vitest';
import { toTrialBalance } from '../../src/domain/trial-balance.js';

describe('toTrialBalance', () => {
  it('should order accounts by number, compute balances and totals that sum to zero', () => {
    const report = toTrialBalance([
      { account: '8400', name: 'Erlöse 19 % USt', type: 'revenue', debit: '0.00', credit: '100.00', periodDebit: '0.00', periodCredit: '40.00' },
      { account: '1200', name: 'Bank', type: 'asset', debit: '119.00', credit: '0.00', periodDebit: '47.60', periodCredit: '0.00' },
      { account: '1776', name: 'Umsatzsteuer 19 %', type: 'liability', debit: '0.00', credit: '19.00', periodDebit: '0.00', periodCredit: '7.60' },
    ]);

    expect(report.rows.map((row) => [row.account, row.balance])).toEqual([
      ['1200', '119.00'],
      ['1776', '-19.00'],
      ['8400', '-100.00'],
    ]);
    expect(report.totals).toEqual({ debit: '119.00', credit: '119.00', periodDebit: '47.60', periodCredit: '47.60', balance: '0.00' });
  });

  it('should total an empty ledger as zero', () => {
    expect(toTrialBalance([]).totals).toEqual({ debit: '0.00', credit: '0.00', periodDebit: '0.00', periodCredit: '0.00', balance: '0.00' });
  });
});
