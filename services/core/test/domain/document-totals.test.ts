import { describe, expect, it } from 'vitest';
import { documentTotals, lineNet, taxOn, toCents } from '../../src/domain/document-totals.js';
import { purchaseTaxTreatment, salesTaxTreatment } from '../../src/domain/document-totals-category.js';

const s19 = (netAmount: string) => ({ taxCategory: 'S' as const, vatRate: '19', netAmount });
const s7 = (netAmount: string) => ({ taxCategory: 'S' as const, vatRate: '7', netAmount });

describe('lineNet', () => {
  it.each([
    // quantity, unit price, discount, expected: each figure computed by hand
    ['3', '10', '0', '30.00'],
    ['1', '0.005', '0', '0.01'], // 0.005 rounds half up
    ['1', '0.0049', '0', '0.00'],
    ['3', '0.335', '0', '1.01'], // 1.005 → 1.01, a binary float would give 1.00
    ['7', '1.15', '0', '8.05'], // 8.049999… as a float
    ['2', '9.99', '10', '17.98'], // 19.98 × 0.9 = 17.982
    ['1', '0.05', '50', '0.03'], // 0.025 → 0.03
    ['1', '0.05', '30', '0.04'], // 0.035 → 0.04
    ['12.5', '0.4900', '0', '6.13'], // 6.125 → 6.13
    ['1000', '0.0001', '0', '0.10'],
    ['5', '100', '100', '0.00'],
    ['999999999999', '1', '0', '999999999999.00'],
  ])('should give %s × %s less %s %% = %s', (quantity, unitPrice, discountPercent, expected) => {
    expect(lineNet({ quantity, unitPrice, discountPercent })).toBe(expected);
  });
});

describe('documentTotals', () => {
  it('should compute the tax once per rate on the rate’s net sum, not per line', () => {
    // Three lines of 0.10 at 19 %: per line 0.019 → 0.02 each (0.06); on the sum 0.30 × 19 % = 0.057 → 0.06.
    // Three lines of 0.05 at 19 %: per line 0.0095 → 0.01 each (0.03); on the sum 0.15 × 19 % = 0.0285 → 0.03.
    // Three lines of 0.03 at 19 %: per line 0.0057 → 0.01 each (0.03); on the sum 0.09 × 19 % = 0.0171 → 0.02.
    const totals = documentTotals([s19('0.03'), s19('0.03'), s19('0.03')]);

    expect(totals).toEqual({ net: '0.09', tax: [{ tax_category: 'S', rate: '19', base: '0.09', tax: '0.02' }], tax_total: '0.02', gross: '0.11' });
  });

  it('should give one breakdown row per rate, 19 % before 7 %, and gross = net + tax', () => {
    // 19 %: 100.00 + 19.99 = 119.99 → 22.7981 → 22.80; 7 %: 10.70 + 0.15 = 10.85 → 0.7595 → 0.76.
    const totals = documentTotals([s7('10.70'), s19('100.00'), s7('0.15'), s19('19.99')]);

    expect(totals).toEqual({
      net: '130.84',
      tax: [
        { tax_category: 'S', rate: '19', base: '119.99', tax: '22.80' },
        { tax_category: 'S', rate: '7', base: '10.85', tax: '0.76' },
      ],
      tax_total: '23.56',
      gross: '154.40',
    });
  });

  it('should put exempt, intra-community and export lines into their own rows without tax', () => {
    const totals = documentTotals([
      { taxCategory: 'K', vatRate: '0', netAmount: '50.00' },
      { taxCategory: 'E', vatRate: '0', netAmount: '5.00' },
      s19('10.00'),
      { taxCategory: 'K', vatRate: '0', netAmount: '25.50' },
    ]);

    expect(totals.tax).toEqual([
      { tax_category: 'S', rate: '19', base: '10.00', tax: '1.90' },
      { tax_category: 'K', rate: '0', base: '75.50', tax: '0.00' },
      { tax_category: 'E', rate: '0', base: '5.00', tax: '0.00' },
    ]);
    expect(totals).toMatchObject({ net: '90.50', tax_total: '1.90', gross: '92.40' });
  });

  it('should state no tax for reverse-charge groups even with a German rate (purchases)', () => {
    expect(documentTotals([{ taxCategory: 'AE', vatRate: '19', netAmount: '100.00' }]).tax).toEqual([
      { tax_category: 'AE', rate: '19', base: '100.00', tax: '0.00' },
    ]);
  });
});

describe('taxOn and toCents', () => {
  it.each([
    ['0.05', '19', '0.01'], // 0.0095 → 0.01
    ['0.02', '19', '0.00'], // 0.0038
    ['2.50', '7', '0.18'], // 0.175 → 0.18
    ['1234567890123.45', '19', '234567899123.46'], // 234567899123.4555 → .46
  ])('should give %s × %s %% = %s', (base, rate, expected) => {
    expect(taxOn(base, rate)).toBe(expected);
  });

  it('should round half up, never half even', () => {
    expect([toCents('0.125'), toCents('0.135'), toCents('2.675'), toCents('0.994999')]).toEqual(['0.13', '0.14', '2.68', '0.99']);
  });
});

describe('salesTaxTreatment and purchaseTaxTreatment', () => {
  const goods19 = { kind: 'goods' as const, vatRate: '19' as const };
  const service7 = { kind: 'service' as const, vatRate: '7' as const };

  it.each([
    ['a German customer, goods', { country: 'DE', vatId: 'DE136695976' }, goods19, { category: 'S', rate: '19' }],
    ['a German customer, reduced rate', { country: 'DE', vatId: null }, service7, { category: 'S', rate: '7' }],
    ['an Austrian consumer (no USt-IdNr)', { country: 'AT', vatId: null }, goods19, { category: 'S', rate: '19' }],
    ['an Austrian business, goods', { country: 'AT', vatId: 'ATU13585627' }, goods19, { category: 'K', rate: '0' }],
    ['a French business, a service', { country: 'FR', vatId: 'FR40303265045' }, service7, { category: 'AE', rate: '0' }],
    ['a Swiss customer, goods', { country: 'CH', vatId: null }, goods19, { category: 'G', rate: '0' }],
    ['a US customer, a service', { country: 'US', vatId: null }, service7, { category: 'O', rate: '0' }],
    [
      'a German customer, a product without VAT',
      { country: 'DE', vatId: null },
      { kind: 'goods' as const, vatRate: '0' as const },
      { category: 'E', rate: '0' },
    ],
  ])('should tax a sale to %s', (_case, customer, item, expected) => {
    expect(salesTaxTreatment(customer, item)).toEqual(expected);
  });

  it.each([
    ['a German supplier', { country: 'DE', vatId: null }, goods19, { category: 'S', rate: '19' }],
    ['a Dutch business, goods', { country: 'NL', vatId: 'NL004495445B01' }, goods19, { category: 'K', rate: '19' }],
    ['a Dutch business, a service', { country: 'NL', vatId: 'NL004495445B01' }, service7, { category: 'AE', rate: '7' }],
    ['a Chinese supplier, goods', { country: 'CN', vatId: null }, goods19, { category: 'O', rate: '0' }],
    ['a US supplier, a service', { country: 'US', vatId: null }, service7, { category: 'AE', rate: '7' }],
  ])('should tax a purchase from %s', (_case, supplier, item, expected) => {
    expect(purchaseTaxTreatment(supplier, item)).toEqual(expected);
  });
});
