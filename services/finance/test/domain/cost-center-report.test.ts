import { describe, expect, it } from 'vitest';
import { toCostCenterReport } from '../../src/domain/cost-center-report.js';

describe('toCostCenterReport', () => {
  it('should give revenue, expense and result per cost centre and put the rest under no cost centre', () => {
    const centers = [
      { code: 'K1', name: 'Vertrieb', inactive: false },
      { code: 'K2', name: 'Verwaltung', inactive: false },
      { code: 'K3', name: 'Leer', inactive: false },
      { code: 'K9', name: 'Alt und leer', inactive: true },
    ];
    const movements = [
      { costCenter: 'K1', account: '8400', type: 'revenue' as const, debit: '0.00', credit: '1000.00' },
      { costCenter: 'K1', account: '8736', type: 'revenue' as const, debit: '20.00', credit: '0.00' },
      { costCenter: 'K1', account: '4600', type: 'expense' as const, debit: '100.00', credit: '0.00' },
      { costCenter: 'K2', account: '4930', type: 'expense' as const, debit: '50.00', credit: '5.00' },
    ];
    const totals = [
      { account: '8400', type: 'revenue' as const, debit: '0.00', credit: '1500.00' },
      { account: '8736', type: 'revenue' as const, debit: '20.00', credit: '0.00' },
      { account: '4600', type: 'expense' as const, debit: '100.00', credit: '0.00' },
      { account: '4930', type: 'expense' as const, debit: '80.00', credit: '5.00' },
      { account: '1200', type: 'asset' as const, debit: '9999.00', credit: '0.00' },
    ];

    const report = toCostCenterReport(centers, movements, totals);

    expect(report.rows).toEqual([
      { code: 'K1', name: 'Vertrieb', inactive: false, revenue: '980.00', expense: '100.00', result: '880.00' },
      { code: 'K2', name: 'Verwaltung', inactive: false, revenue: '0.00', expense: '45.00', result: '-45.00' },
      { code: 'K3', name: 'Leer', inactive: false, revenue: '0.00', expense: '0.00', result: '0.00' },
      { code: null, name: 'ohne Kostenstelle', inactive: false, revenue: '500.00', expense: '30.00', result: '470.00' },
    ]);
    expect(report.totals).toEqual({ revenue: '1480.00', expense: '175.00', result: '1305.00' });
  });
});
