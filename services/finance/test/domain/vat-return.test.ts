import { describe, expect, it } from 'vitest';
import type { AccountTotal } from '../../src/domain/hgb-positions.js';
import { SKR03 } from '../../src/domain/skr03.js';
import { type TaxMovement, toVatReturn } from '../../src/domain/vat-return.js';

const move = (taxCode: string, account: string, taxLine: boolean, debit: string, credit: string): TaxMovement => ({ taxCode, account, taxLine, debit, credit });
const account = (number: string, debit: string, credit: string): AccountTotal => ({
  account: number,
  name: `Konto ${number}`,
  type: 'liability',
  debit,
  credit,
});

describe('toVatReturn', () => {
  it('should fill Kz 81, 86, 66, 84/85/67 and 41 from the movements per tax code and compute Kz 83', () => {
    const movements = [
      // Sales at 19 %: 1000 net, 190 tax; a Skonto of 20 net, 3.80 tax on the automatic Skonto account.
      move('USt19', '8400', false, '0.00', '1000.00'),
      move('USt19', '1776', true, '0.00', '190.00'),
      move('USt19', '8736', false, '20.00', '0.00'),
      move('USt19', '1776', true, '3.80', '0.00'),
      // Sales at 7 %: 200 net, 14 tax.
      move('USt7', '8300', false, '0.00', '200.00'),
      move('USt7', '1771', true, '0.00', '14.00'),
      // Purchases with 19 % input tax: 500 net, 95 tax.
      move('VSt19', '3400', false, '500.00', '0.00'),
      move('VSt19', '1576', true, '95.00', '0.00'),
      // A service from abroad (§ 13b): 300 net, 57 owed and 57 deductible.
      move('RC19', '3125', false, '300.00', '0.00'),
      move('RC19', '1577', true, '57.00', '0.00'),
      move('RC19', '1787', true, '0.00', '57.00'),
      // An intra-EU supply, exempt.
      move('IGL', '8125', false, '0.00', '700.00'),
    ];
    const accounts = [
      account('1776', '3.80', '190.00'),
      account('1771', '0.00', '14.00'),
      account('1576', '95.00', '0.00'),
      account('1577', '57.00', '0.00'),
      account('1787', '0.00', '57.00'),
    ];

    const result = toVatReturn(SKR03.taxCodes, movements, accounts);

    // Output tax 186.20 + 14 + 57 = 257.20; input tax 95 + 57 = 152; Kz 83 = 105.20.
    expect(result.rows).toEqual([
      { kz: '81', label: expect.stringContaining('19 %'), base: '980.00', tax: '186.20' },
      { kz: '86', label: expect.stringContaining('7 %'), base: '200.00', tax: '14.00' },
      { kz: '41', label: expect.any(String), base: '700.00', tax: null },
      { kz: '84', label: expect.any(String), base: '300.00', tax: null },
      { kz: '85', label: 'Steuer zu Kz 84', base: null, tax: '57.00' },
      { kz: '66', label: expect.any(String), base: null, tax: '95.00' },
      { kz: '67', label: expect.any(String), base: null, tax: '57.00' },
      { kz: '83', label: expect.any(String), base: null, tax: '105.20' },
    ]);
    expect([result.outputTax, result.inputTax, result.payable]).toEqual(['257.20', '152.00', '105.20']);
    expect(result.uncodedTax).toEqual([]);
    expect(result.byTaxCode.map((code) => code.code)).toEqual(['USt19', 'USt7', 'VSt19', 'RC19', 'IGL']);
  });

  it('should count tax posted to a tax account without a code in Kz 83 and list it', () => {
    const movements = [move('USt19', '8400', false, '0.00', '100.00'), move('USt19', '1776', true, '0.00', '19.00')];
    // The 1776 account also carries a manual correction of 1.00 (debit) and 1576 a manual input tax of 2.00.
    const accounts = [account('1776', '1.00', '19.00'), account('1576', '2.00', '0.00'), account('1200', '500.00', '0.00')];

    const result = toVatReturn(SKR03.taxCodes, movements, accounts);

    expect(result.uncodedTax).toEqual([
      { account: '1776', name: 'Konto 1776', kind: 'output', amount: '-1.00' },
      { account: '1576', name: 'Konto 1576', kind: 'input', amount: '2.00' },
    ]);
    expect([result.outputTax, result.inputTax, result.payable]).toEqual(['18.00', '2.00', '16.00']);
    expect(result.rows.find((row) => row.kz === '81')).toMatchObject({ base: '100.00', tax: '19.00' });
  });

  it('should show only Kz 83 at zero for a period without tax movements', () => {
    expect(toVatReturn(SKR03.taxCodes, [], []).rows).toEqual([{ kz: '83', label: expect.any(String), base: null, tax: '0.00' }]);
  });
});
