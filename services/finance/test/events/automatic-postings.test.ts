import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, FINANCE, readyTenant, type TestFinance } from '../helpers.js';
import { countRows } from '../sql.js';
import {
  CUSTOMER,
  cloudEvent,
  consumerOf,
  creditNoteData,
  entriesWithRef,
  goodsReceiptData,
  invoiceData,
  lineFigures,
  purchaseLine,
  simpleInvoiceData,
  supplierInvoiceData,
  TYPES,
} from './documents.js';

let finance: TestFinance;
let skr03: Client;
let skr04: Client;
let consumer: ReturnType<typeof consumerOf>;

beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  skr03 = await readyTenant(finance, { chart: 'SKR03' });
  skr04 = await readyTenant(finance, { chart: 'SKR04' });
  consumer = consumerOf(finance);
});
afterAll(() => finance.close());

describe('booking erp.core.order.invoiced.v1', () => {
  it('should post receivable, revenue per rate and the stated output tax per rate to the cent (SKR03)', async () => {
    const invoice = invoiceData();

    const outcome = await consumer.handle(cloudEvent(TYPES.orderInvoiced, skr03.tenantId, invoice));
    const [entry] = await entriesWithRef(skr03, invoice.invoice_number);

    expect(outcome).toBe('handled');
    expect(entry).toMatchObject({
      posting_date: '2026-03-10',
      document_date: '2026-03-10',
      currency: 'EUR',
      posted_by: 'system:events',
      number: expect.any(Number),
    });
    expect(lineFigures(entry)).toEqual([
      ['1400', '211.42', '0.00', null],
      ['1771', '0.00', '6.05', 'USt7'],
      ['1776', '0.00', '19.00', 'USt19'],
      ['8300', '0.00', '86.38', 'USt7'],
      ['8400', '0.00', '99.99', 'USt19'],
    ]);
    expect(entry.lines.find((line: { account: string }) => line.account === '1776').tax_of).toBe(
      entry.lines.find((line: { account: string }) => line.account === '8400').line_no,
    );
  });

  it('should post the SKR04 accounts and open a receivable with the Skonto terms', async () => {
    const invoice = invoiceData();

    await consumer.handle(cloudEvent(TYPES.orderInvoiced, skr04.tenantId, invoice));
    const [entry] = await entriesWithRef(skr04, invoice.invoice_number);
    const items = (await skr04.get(`${FINANCE}/open-items?kind=receivable`)).json().items;

    expect(lineFigures(entry).map(([account]) => account)).toEqual(['1200', '3801', '3806', '4300', '4400']);
    expect(items).toContainEqual(
      expect.objectContaining({
        document_type: 'invoice',
        document_id: invoice.invoice_id,
        document_number: invoice.invoice_number,
        due_date: '2026-04-09',
        partner: { id: CUSTOMER.id, number: 'K10001', name: 'Müller GmbH' },
        original_amount: '211.42',
        open_amount: '211.42',
        status: 'open',
        skonto: { percent: '3.00', days: 10, until: '2026-03-20' },
        entry_id: entry.id,
      }),
    );
  });

  it('should post an invoice once when the same event arrives twice', async () => {
    const event = cloudEvent(TYPES.orderInvoiced, skr03.tenantId, simpleInvoiceData('10.00', '1.90', '11.90'));
    const before = await countRows(finance, 'journal_entry', skr03.tenantId);

    const outcomes = [await consumer.handle(event), await consumer.handle(event)];

    expect(outcomes).toEqual(['handled', 'duplicate']);
    expect(await countRows(finance, 'journal_entry', skr03.tenantId)).toBe(before + 1);
  });

  it('should park a second event for an invoice that is booked already, instead of posting it twice', async () => {
    const invoice = simpleInvoiceData('20.00', '3.80', '23.80');
    await consumer.handle(cloudEvent(TYPES.orderInvoiced, skr03.tenantId, invoice));

    await consumer.handle(cloudEvent(TYPES.orderInvoiced, skr03.tenantId, invoice));
    const parked = (await skr03.get(`${FINANCE}/parked-events`)).json().items;

    expect(await entriesWithRef(skr03, invoice.invoice_number)).toHaveLength(1);
    expect(parked).toContainEqual(
      expect.objectContaining({ document_id: invoice.invoice_id, reason: expect.objectContaining({ code: 'FIN_DOCUMENT_ALREADY_POSTED' }) }),
    );
  });

  it('should post a foreign-currency invoice at its exchange rate with euro amounts that balance', async () => {
    const invoice = simpleInvoiceData('100.00', '19.00', '119.00', { currency: 'USD', exchange_rate: '1.0856' });

    await consumer.handle(cloudEvent(TYPES.orderInvoiced, skr03.tenantId, invoice));
    const [entry] = await entriesWithRef(skr03, invoice.invoice_number);

    expect(entry).toMatchObject({ currency: 'USD', exchange_rate: '1.085600' });
    expect(entry.lines.map((line: { account: string; debit_base: string; credit_base: string }) => [line.account, line.debit_base, line.credit_base])).toEqual([
      ['1400', '109.61', '0.00'],
      ['8400', '0.00', '92.11'],
      ['1776', '0.00', '17.50'],
    ]);
  });
});

describe('booking erp.core.order.credit_note_issued.v1', () => {
  it("should post the credit note's amounts the other way round and lower the invoice's open item", async () => {
    const invoice = invoiceData();
    const creditNote = creditNoteData(invoice);
    await consumer.handle(cloudEvent(TYPES.orderInvoiced, skr03.tenantId, invoice));

    await consumer.handle(cloudEvent(TYPES.creditNoteIssued, skr03.tenantId, creditNote));
    const [entry] = await entriesWithRef(skr03, creditNote.credit_note_number);
    const item = (await skr03.get(`${FINANCE}/open-items?kind=receivable&limit=500`))
      .json()
      .items.find((candidate: { document_id: string }) => candidate.document_id === invoice.invoice_id);

    expect(lineFigures(entry)).toEqual([
      ['1400', '0.00', '59.50', null],
      ['1776', '9.50', '0.00', 'USt19'],
      ['8400', '50.00', '0.00', 'USt19'],
    ]);
    expect(item).toMatchObject({ original_amount: '211.42', open_amount: '151.92', status: 'partially_paid' });
  });

  it('should keep what a credit note exceeds the open amount by as a credit of the customer', async () => {
    const invoice = simpleInvoiceData('40.00', '7.60', '47.60');
    await consumer.handle(cloudEvent(TYPES.orderInvoiced, skr03.tenantId, invoice));

    await consumer.handle(cloudEvent(TYPES.creditNoteIssued, skr03.tenantId, creditNoteData(invoice)));
    const items = (await skr03.get(`${FINANCE}/open-items?kind=receivable&limit=500`)).json().items;

    expect(items.find((item: { document_id: string }) => item.document_id === invoice.invoice_id)).toMatchObject({ open_amount: '0.00', status: 'paid' });
    expect(items).toContainEqual(expect.objectContaining({ document_type: 'credit_note', original_amount: '11.90', open_amount: '11.90' }));
  });
});

describe('booking erp.core.purchase.goods_received.v1', () => {
  it('should post the value at cost into stock against the goods-received clearing account', async () => {
    const receipt = goodsReceiptData();

    await consumer.handle(cloudEvent(TYPES.goodsReceived, skr03.tenantId, receipt));
    const [entry] = await entriesWithRef(skr03, receipt.goods_receipt_number);

    expect(entry.posting_date).toBe('2026-03-05');
    expect(lineFigures(entry)).toEqual([
      ['1590', '0.00', '1234.56', null],
      ['3980', '1234.56', '0.00', null],
    ]);
  });
});

describe('booking erp.core.purchase.supplier_invoice_recorded.v1', () => {
  it('should clear received goods, expense the rest, post the stated input tax split by account, and open a payable', async () => {
    const invoice = supplierInvoiceData();

    await consumer.handle(cloudEvent(TYPES.supplierInvoiceRecorded, skr03.tenantId, invoice));
    const [entry] = await entriesWithRef(skr03, invoice.supplier_invoice_number);
    const payables = (await skr03.get(`${FINANCE}/open-items?kind=payable`)).json().items;

    // 240.90 of input tax on 1267.89 split by net: 1234.56 / 1267.89 of it is 234.57, the rest 6.33.
    expect(lineFigures(entry)).toEqual([
      ['1571', '0.49', '0.00', 'VSt7'],
      ['1576', '234.57', '0.00', 'VSt19'],
      ['1576', '6.33', '0.00', 'VSt19'],
      ['1590', '1234.56', '0.00', 'VSt19'],
      ['1600', '0.00', '1516.28', null],
      ['3300', '7.00', '0.00', 'VSt7'],
      ['4930', '33.33', '0.00', 'VSt19'],
    ]);
    expect(payables).toContainEqual(
      expect.objectContaining({
        document_number: invoice.supplier_invoice_number,
        original_amount: '1516.28',
        skonto: { percent: '2.00', days: 14, until: '2026-03-20' },
      }),
    );
  });

  it('should post the tax a buyer owes on a reverse-charge service from another EU country on both sides', async () => {
    const invoice = supplierInvoiceData({
      supplier: { id: '5c3d2e1f-0a9b-4c8d-8e7f-6a5b4c3d2e1f', number: 'L70002', name: 'Agence Dupont', vat_id: 'FR12345678901', country: 'FR' },
      lines: [purchaseLine('500.00', '19', { tax_category: 'AE', expense_account: '4950' })],
      totals: { net: '500.00', tax: [{ tax_category: 'AE', rate: '19', base: '500.00', tax: '0.00' }], tax_total: '0.00', gross: '500.00' },
    });

    await consumer.handle(cloudEvent(TYPES.supplierInvoiceRecorded, skr03.tenantId, invoice));
    const [entry] = await entriesWithRef(skr03, invoice.supplier_invoice_number);

    expect(lineFigures(entry)).toEqual([
      ['1577', '95.00', '0.00', 'RCEU19'],
      ['1600', '0.00', '500.00', null],
      ['1787', '0.00', '95.00', 'RCEU19'],
      ['4950', '500.00', '0.00', 'RCEU19'],
    ]);
  });
});
