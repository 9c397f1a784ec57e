import { randomUUID } from 'node:crypto';
import {
  type CloudEvent,
  CORE_DOCUMENT_EVENT_TYPES,
  type CoreOrderCreditNoteIssuedV1,
  type CoreOrderInvoicedV1,
  type CorePurchaseGoodsReceivedV1,
  type CorePurchaseSupplierInvoiceRecordedV1,
  type CoreSalesLine,
  type CoreSupplierInvoiceLine,
} from '@erp/contracts';
import { createFinanceEventConsumer } from '../../src/events/consumer.js';
import { type Client, FINANCE, type TestFinance } from '../helpers.js';

export const CUSTOMER = { id: '3f1c2a8e-5b7d-4e21-9c3a-6d8e0f1a2b3c', number: 'K10001', name: 'Müller GmbH', vat_id: 'DE136695976', country: 'DE' };
export const SUPPLIER = { id: '8a2b4c6d-1e3f-4a5b-8c7d-9e0f1a2b3c4d', number: 'L70001', name: 'Großhandel Schmidt KG', vat_id: null, country: 'DE' };

let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

export function salesLine(netAmount: string, vatRate: string, overrides: Partial<CoreSalesLine> = {}): CoreSalesLine {
  return {
    line_no: next(),
    product_id: null,
    sku: null,
    description: 'Ware',
    quantity: '1',
    unit: 'C62',
    unit_price: netAmount,
    net_amount: netAmount,
    vat_rate: vatRate,
    tax_category: vatRate === '0' ? 'K' : 'S',
    ...overrides,
  };
}

/**
 * A sales invoice of 211.42 EUR on 2026-03-10, due 30 days later, with 3 % Skonto for 10 days:
 * 99.99 at 19 % (tax 19.00) and 86.38 at 7 % (tax 6.05).
 */
export function invoiceData(overrides: Partial<CoreOrderInvoicedV1> = {}): CoreOrderInvoicedV1 {
  const n = next();
  return {
    invoice_id: randomUUID(),
    invoice_number: `RE-2026-${n}`,
    order_id: null,
    invoice_date: '2026-03-10',
    due_date: '2026-04-09',
    payment_terms: { net_days: 30, skonto_percent: '3', skonto_days: 10 },
    customer: CUSTOMER,
    currency: 'EUR',
    exchange_rate: null,
    lines: [salesLine('99.99', '19', { quantity: '3', unit_price: '33.33' }), salesLine('86.38', '7', { quantity: '7', unit_price: '12.34' })],
    totals: {
      net: '186.37',
      tax: [
        { tax_category: 'S', rate: '19', base: '99.99', tax: '19.00' },
        { tax_category: 'S', rate: '7', base: '86.38', tax: '6.05' },
      ],
      tax_total: '25.05',
      gross: '211.42',
    },
    ...overrides,
  };
}

/** An invoice of one line at 19 % with no Skonto: `net` plus 19 % tax. */
export function simpleInvoiceData(net: string, tax: string, gross: string, overrides: Partial<CoreOrderInvoicedV1> = {}): CoreOrderInvoicedV1 {
  return invoiceData({
    payment_terms: { net_days: 30, skonto_percent: null, skonto_days: null },
    lines: [salesLine(net, '19')],
    totals: { net, tax: [{ tax_category: 'S', rate: '19', base: net, tax }], tax_total: tax, gross },
    ...overrides,
  });
}

/** A credit note for `invoice` of 59.50 EUR (50.00 at 19 %). */
export function creditNoteData(invoice: CoreOrderInvoicedV1, overrides: Partial<CoreOrderCreditNoteIssuedV1> = {}): CoreOrderCreditNoteIssuedV1 {
  const n = next();
  return {
    credit_note_id: randomUUID(),
    credit_note_number: `GS-2026-${n}`,
    credit_note_date: '2026-03-12',
    invoice_id: invoice.invoice_id,
    invoice_number: invoice.invoice_number,
    reason: 'Mängelrüge',
    customer: invoice.customer,
    currency: invoice.currency,
    exchange_rate: invoice.exchange_rate,
    lines: [salesLine('50.00', '19')],
    totals: { net: '50.00', tax: [{ tax_category: 'S', rate: '19', base: '50.00', tax: '9.50' }], tax_total: '9.50', gross: '59.50' },
    ...overrides,
  };
}

/** A goods receipt of 1234.56 EUR at cost in two lines. */
export function goodsReceiptData(overrides: Partial<CorePurchaseGoodsReceivedV1> = {}): CorePurchaseGoodsReceivedV1 {
  const n = next();
  return {
    goods_receipt_id: randomUUID(),
    goods_receipt_number: `WE-${n}`,
    purchase_order_id: randomUUID(),
    purchase_order_number: `BE-${n}`,
    received_on: '2026-03-05',
    supplier: SUPPLIER,
    currency: 'EUR',
    exchange_rate: null,
    lines: [
      { line_no: 1, product_id: null, sku: 'A-1', description: 'Schrauben', quantity: '1000', unit: 'C62', unit_cost: '0.123', value: '123.00' },
      { line_no: 2, product_id: null, sku: 'A-2', description: 'Muttern', quantity: '12', unit: 'C62', unit_cost: '92.63', value: '1111.56' },
    ],
    total_value: '1234.56',
    ...overrides,
  };
}

export function purchaseLine(netAmount: string, vatRate: string, overrides: Partial<CoreSupplierInvoiceLine> = {}): CoreSupplierInvoiceLine {
  return {
    line_no: next(),
    purchase_order_id: null,
    product_id: null,
    description: 'Position',
    quantity: '1',
    unit: 'C62',
    unit_price: netAmount,
    net_amount: netAmount,
    vat_rate: vatRate,
    tax_category: 'S',
    expense_account: null,
    ...overrides,
  };
}

/**
 * A supplier invoice of 1516.28 EUR: 1234.56 of received goods and 33.33 of office supplies (4930) at 19 %,
 * tax 240.90 on 1267.89; and 7.00 of books at 7 % (tax 0.49) on the Wareneingang account.
 */
export function supplierInvoiceData(overrides: Partial<CorePurchaseSupplierInvoiceRecordedV1> = {}): CorePurchaseSupplierInvoiceRecordedV1 {
  const n = next();
  return {
    supplier_invoice_id: randomUUID(),
    supplier_invoice_number: `ER-${n}`,
    invoice_date: '2026-03-06',
    received_on: '2026-03-07',
    due_date: '2026-04-05',
    payment_terms: { net_days: 30, skonto_percent: '2', skonto_days: 14 },
    supplier: SUPPLIER,
    currency: 'EUR',
    exchange_rate: null,
    lines: [
      purchaseLine('1234.56', '19', { purchase_order_id: randomUUID() }),
      purchaseLine('33.33', '19', { expense_account: '4930' }),
      purchaseLine('7.00', '7'),
    ],
    totals: {
      net: '1274.89',
      tax: [
        { tax_category: 'S', rate: '19', base: '1267.89', tax: '240.90' },
        { tax_category: 'S', rate: '7', base: '7.00', tax: '0.49' },
      ],
      tax_total: '241.39',
      gross: '1516.28',
    },
    ...overrides,
  };
}

export const TYPES = CORE_DOCUMENT_EVENT_TYPES;

/** A CloudEvent of core as the broker delivers it. */
export function cloudEvent(type: string, tenantId: string, data: unknown, overrides: Partial<CloudEvent> = {}): CloudEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/erp/core',
    type,
    time: '2026-03-10T09:00:00.000Z',
    datacontenttype: 'application/json',
    tenantid: tenantId,
    data,
    ...overrides,
  };
}

/** The finance consumer without a broker: tests hand it deliveries as the transport would. */
export function consumerOf(finance: TestFinance, clock: () => Date = () => new Date()) {
  return createFinanceEventConsumer({ db: finance.db.kysely, clock }, { subscribe: async () => {} });
}

// biome-ignore lint/suspicious/noExplicitAny: entries are read loosely; each test asserts the fields it relies on.
type Json = any;

/** The posted entries with `documentRef`, in journal order. */
export async function entriesWithRef(client: Client, documentRef: string): Promise<Json[]> {
  const response = await client.get(`${FINANCE}/transactions?status=posted&limit=500`);
  return response.json().items.filter((entry: Json) => entry.document_ref === documentRef);
}

/** An entry's lines as [account, debit, credit, tax code], sorted, to compare with hand-made figures. */
export function lineFigures(entry: Json): [string, string, string, string | null][] {
  return entry.lines
    .map((line: Json) => [line.account, line.debit, line.credit, line.tax_code] as [string, string, string, string | null])
    .sort((left: string[], right: string[]) => `${left[0]}${left[1]}`.localeCompare(`${right[0]}${right[1]}`));
}
