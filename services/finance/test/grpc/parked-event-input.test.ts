import { describe, expect, it } from 'vitest';
import { documentInputOf } from '../../src/grpc/parked-event-input.js';
import { CUSTOMER, cloudEvent, goodsReceiptData, invoiceData, SUPPLIER, supplierInvoiceData, TYPES } from '../events/documents.js';

const TENANT = '6a8c2c39-1c4e-4a51-9d7e-3f2b1a0c9d8e';

describe('documentInputOf', () => {
  it("should ask about a supplier's invoice as an incoming invoice in euro, worded like its automatic posting", () => {
    const invoice = supplierInvoiceData();

    const input = documentInputOf(TYPES.supplierInvoiceRecorded, cloudEvent(TYPES.supplierInvoiceRecorded, TENANT, invoice));

    expect(input).toEqual({
      kind: 'incoming_invoice',
      supplier: SUPPLIER.name,
      text: `Eingangsrechnung ${invoice.supplier_invoice_number}\n${SUPPLIER.name}\nPosition`,
      invoice_number: invoice.supplier_invoice_number,
      amount_gross: '1516.28',
      date: '2026-03-06',
    });
  });

  it('should convert a foreign currency at the event rate, half up, and leave the amount out without a rate', () => {
    const usd = supplierInvoiceData({ currency: 'USD', exchange_rate: '1.0856' });
    const withoutRate = supplierInvoiceData({ currency: 'USD', exchange_rate: null });

    expect(documentInputOf(TYPES.supplierInvoiceRecorded, { data: usd })).toMatchObject({ amount_gross: '1396.72' });
    expect(documentInputOf(TYPES.supplierInvoiceRecorded, { data: withoutRate })).not.toHaveProperty('amount_gross');
  });

  it('should word a sales invoice and a goods receipt as drafts with their euro amount', () => {
    const invoice = invoiceData();
    const receipt = goodsReceiptData();

    expect(documentInputOf(TYPES.orderInvoiced, { data: invoice })).toEqual({
      kind: 'draft_entry',
      description: `Ausgangsrechnung ${invoice.invoice_number} ${CUSTOMER.name} Ware`,
      amount: '211.42',
    });
    expect(documentInputOf(TYPES.goodsReceived, { data: receipt })).toMatchObject({
      kind: 'draft_entry',
      description: expect.stringMatching(new RegExp(`^Wareneingang ${receipt.goods_receipt_number} zu ${receipt.purchase_order_number} ${SUPPLIER.name}`)),
      amount: receipt.total_value,
    });
  });

  it('should read an event that breaks its contract without failing, and give up when it holds nothing to ask', () => {
    const hostile = { data: { supplier: { name: ['x'] }, lines: 'none', totals: { gross: '1e9' }, supplier_invoice_number: { $gt: '' } } };

    expect(documentInputOf(TYPES.supplierInvoiceRecorded, hostile)).toBeUndefined();
    expect(documentInputOf(TYPES.supplierInvoiceRecorded, null)).toBeUndefined();
    expect(documentInputOf('erp.core.unknown.v1', { data: supplierInvoiceData() })).toBeUndefined();
    expect(
      documentInputOf(TYPES.orderInvoiced, { data: { invoice_number: 'RE-1', lines: [{ description: 'Ware' }], totals: { gross: '12345678901234.00' } } }),
    ).toEqual({
      kind: 'draft_entry',
      description: 'Ausgangsrechnung RE-1 Ware',
    });
  });

  it("should cut texts to ai's limits", () => {
    const long = supplierInvoiceData({ supplier: { ...SUPPLIER, name: 'S'.repeat(300) } });

    const input = documentInputOf(TYPES.supplierInvoiceRecorded, { data: long });

    expect(input).toMatchObject({ supplier: 'S'.repeat(200) });
  });
});
