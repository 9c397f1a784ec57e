import { describe, expect, it } from 'vitest';
import { addDays, berlinDay, isCalendarDay } from '../../src/domain/invoice-dates.js';
import { creditedNet, draftCreditLines, draftInvoiceLines, type InvoiceLine } from '../../src/domain/invoice-drafts.js';
import { formatDocumentNumber } from '../../src/domain/invoice-numbers.js';
import { planLineQuantities } from '../../src/domain/order-lines.js';
import type { PurchaseLine } from '../../src/domain/purchase-order.js';
import { draftSupplierInvoiceLines, supplierInvoiceTotals } from '../../src/domain/purchase-supplier-invoice.js';
import type { SalesLine } from '../../src/domain/sales-order.js';

const orderLine = (overrides: Partial<SalesLine> = {}): SalesLine => ({
  line_no: 1,
  id: 'l1',
  product_id: 'p1',
  sku: 'SKU-1',
  description: 'Schraube',
  unit: 'C62',
  kind: 'goods',
  quantity: '10',
  unit_price: '0.335',
  discount_percent: '0',
  vat_rate: '19',
  tax_category: 'S',
  net_amount: '3.35',
  delivered_quantity: '10',
  invoiced_quantity: '0',
  ...overrides,
});

describe('planLineQuantities', () => {
  const open = [
    { line_no: 1, unit: 'C62', open: '5' },
    { line_no: 2, unit: 'KGM', open: '0.5' },
    { line_no: 3, unit: 'C62', open: '0' },
  ];

  it('should take everything open when the client names nothing', () => {
    expect(planLineQuantities(open, undefined, '/lines', 'delivered')).toEqual({
      items: [
        { line_no: 1, quantity: '5' },
        { line_no: 2, quantity: '0.5' },
      ],
    });
  });

  it.each([
    ['more than open', [{ line_no: 1, quantity: '6' }], '/lines/0/quantity'],
    ['an unknown line', [{ line_no: 9, quantity: '1' }], '/lines/0/line_no'],
    [
      'a line twice',
      [
        { line_no: 1, quantity: '1' },
        { line_no: 1, quantity: '1' },
      ],
      '/lines/1/line_no',
    ],
    ['zero', [{ line_no: 2, quantity: '0' }], '/lines/0/quantity'],
    ['a part of a piece', [{ line_no: 1, quantity: '1.5' }], '/lines/0/quantity'],
    ['anything of a closed line', [{ line_no: 3, quantity: '1' }], '/lines/0/quantity'],
  ])('should refuse %s', (_case, requested, pointer) => {
    const result = planLineQuantities(open, requested, '/lines', 'delivered');

    expect(result).toEqual({ errors: [expect.objectContaining({ pointer })] });
  });
});

describe('draftInvoiceLines', () => {
  it('should price each invoiced quantity as its order line, rounding per line', () => {
    const lines = draftInvoiceLines(
      [orderLine(), orderLine({ line_no: 2, unit_price: '19.99', discount_percent: '15', quantity: '3' })],
      [
        { line_no: 1, quantity: '3' },
        { line_no: 2, quantity: '3' },
      ],
    );

    // 3 × 0.335 = 1.005 → 1.01; 3 × 19.99 × 0.85 = 50.9745 → 50.97.
    expect(lines.map((line) => [line.line_no, line.order_line_no, line.net_amount])).toEqual([
      [1, 1, '1.01'],
      [2, 2, '50.97'],
    ]);
  });
});

describe('creditedNet', () => {
  const invoiced: InvoiceLine = {
    ...draftInvoiceLines([orderLine()], [{ line_no: 1, quantity: '3' }])[0],
    credited_quantity: '0',
    credited_net: '0.00',
  } as InvoiceLine;

  it('should take back exactly the line’s net amount over partial credit notes, to the cent', () => {
    // 3 × 0.335 = 1.01 invoiced. Crediting 1 gives 0.34 (0.335 → 0.34), 1 more 0.34, the last exactly the rest 0.33.
    const first = creditedNet(invoiced, '1');
    const second = creditedNet({ ...invoiced, credited_quantity: '1', credited_net: first }, '1');
    const last = creditedNet({ ...invoiced, credited_quantity: '2', credited_net: '0.68' }, '1');

    expect([first, second, last]).toEqual(['0.34', '0.34', '0.33']);
  });

  it('should credit a whole line at its invoiced net amount', () => {
    expect(draftCreditLines([invoiced], [{ line_no: 1, quantity: '3' }])).toEqual([
      expect.objectContaining({ corrected_line_no: 1, quantity: '3', net_amount: '1.01' }),
    ]);
  });
});

const purchaseLine: PurchaseLine = {
  line_no: 1,
  id: 'pl1',
  product_id: 'p1',
  sku: 'SKU-1',
  description: 'Schraube',
  unit: 'C62',
  quantity: '3',
  unit_price: '0.335',
  vat_rate: '19',
  tax_category: 'S',
  net_amount: '1.01',
  received_quantity: '3',
  invoiced_quantity: '0',
};

describe('supplierInvoiceTotals', () => {
  const lines = draftSupplierInvoiceLines(
    [purchaseLine, { ...purchaseLine, line_no: 2, unit_price: '0.335' }],
    [
      { line_no: 1, quantity: '3' },
      { line_no: 2, quantity: '3' },
    ],
    [],
  );

  it('should compute the tax on the base when the supplier states none', () => {
    // 1.01 + 1.01 = 2.02; × 19 % = 0.3838 → 0.38.
    expect(supplierInvoiceTotals(lines, [])).toEqual({
      totals: { net: '2.02', tax: [{ tax_category: 'S', rate: '19', base: '2.02', tax: '0.38' }], tax_total: '0.38', gross: '2.40' },
    });
  });

  it('should keep a stated tax within a cent per line of the computed tax', () => {
    // The computed tax is 0.38; with two lines the stated tax may differ by up to two cents, so 0.40 passes and 0.41 does not.
    expect(supplierInvoiceTotals(lines, [{ rate: '19', tax: '0.40' }])).toMatchObject({ totals: { tax_total: '0.40', gross: '2.42' } });
  });

  it('should refuse a stated tax further off, and a rate no line bears', () => {
    const result = supplierInvoiceTotals(lines, [
      { rate: '19', tax: '0.41' },
      { rate: '7', tax: '0.10' },
    ]);

    expect(result).toEqual({ errors: [expect.objectContaining({ pointer: '/tax/1/rate' }), expect.objectContaining({ pointer: '/tax/0/tax' })] });
  });

  it('should bill at the supplier’s price where it differs', () => {
    expect(draftSupplierInvoiceLines([purchaseLine], [{ line_no: 1, quantity: '2' }], [{ line_no: 1, unit_price: '0.40' }])).toEqual([
      expect.objectContaining({ unit_price: '0.4', net_amount: '0.80' }),
    ]);
  });
});

describe('document numbers and dates', () => {
  it('should number per series and year with at least five digits', () => {
    expect([
      formatDocumentNumber('invoice', 2026, '1'),
      formatDocumentNumber('credit_note', 2026, 42),
      formatDocumentNumber('invoice', 2027, '123456'),
    ]).toEqual(['RE-2026-00001', 'RK-2026-00042', 'RE-2027-123456']);
    expect(() => formatDocumentNumber('invoice', 2026, '0')).toThrow(RangeError);
  });

  it('should date documents by the day in Germany', () => {
    expect(berlinDay(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(berlinDay(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
  });

  it('should add calendar days across months and leap days', () => {
    expect([addDays('2026-01-31', 30), addDays('2028-02-28', 1), addDays('2026-12-20', 14)]).toEqual(['2026-03-02', '2028-02-29', '2027-01-03']);
    expect([isCalendarDay('2026-02-29'), isCalendarDay('2028-02-29'), isCalendarDay('2026-13-01')]).toEqual([false, true, false]);
  });
});
