import Type, { type Static } from 'typebox';

// Shared pieces of the core service's business documents (sales invoices, credit notes, goods receipts and
// supplier invoices) as the finance service books them. Amounts are decimal strings with exactly two places
// (at most 16 digits before the dot), quantities and unit prices decimal strings with up to six places.

const Uuid = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Amount = Type.String({ pattern: '^(0|[1-9][0-9]{0,15})\\.[0-9]{2}$', description: 'Two decimals, e.g. "119.00"; never negative.' });
const Decimal = Type.String({ pattern: '^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,6})?$', description: 'Up to six decimals, e.g. "2.5".' });
const Percent = Type.String({ pattern: '^(0|[1-9][0-9]?)(\\.[0-9]{1,2})?$', description: 'Percent, e.g. "19" or "2.50".' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, e.g. EUR.' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/** A document number as it appears on the document; finance books it as the Beleg (DATEV Belegfeld 1, 36 characters). */
const DocumentNumber = Text(36);

/**
 * Units of the document's currency per euro (the ECB quotation, e.g. "1.0856" for USD), up to six decimals;
 * `null` for EUR, which is the base currency. Required for every other currency.
 */
const ExchangeRate = Nullable(Type.String({ pattern: '^(0|[1-9][0-9]{0,7})(\\.[0-9]{1,6})?$' }));

/**
 * The VAT category of a line or a tax breakdown, the UNTDID 5305 code that EN 16931 (XRechnung, ZUGFeRD)
 * uses, and the hint from which finance chooses its tax code:
 * - `S` standard or reduced rate (19 % or 7 % in Germany): output tax on a sale, input tax on a purchase;
 * - `E` exempt (e.g. § 4 Nr. 8 ff. UStG), `G` export outside the EU, `O` outside the scope of German VAT;
 * - `K` intra-community supply (sale) or acquisition (purchase);
 * - `AE` reverse charge: the buyer owes the tax (§ 13b UStG, or a service to or from another EU country).
 */
export const CoreTaxCategory = Type.Union([Type.Literal('S'), Type.Literal('E'), Type.Literal('AE'), Type.Literal('K'), Type.Literal('G'), Type.Literal('O')]);

/** The customer or supplier of a document, as it was when the document was made. */
export const CoreDocumentPartner = Type.Object(
  {
    id: Uuid,
    /** The customer (Debitor) or supplier (Kreditor) number, e.g. K10001 or L70001. */
    number: Text(40),
    name: Text(200),
    /** USt-IdNr, e.g. DE136695976, or `null`. */
    vat_id: Nullable(Type.String({ pattern: '^[A-Z]{2}[0-9A-Za-z+*.]{2,13}$' })),
    /** ISO 3166-1 alpha-2 of the billing address; it decides between domestic and EU reverse charge. */
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
  },
  { additionalProperties: false },
);

/**
 * When a document is due: `net_days` after the document date, or earlier with Skonto: `skonto_percent` off the
 * amount paid within `skonto_days` of the document date. Both Skonto fields are `null` when none is offered.
 */
export const CorePaymentTerms = Type.Object(
  {
    net_days: Type.Integer({ minimum: 0, maximum: 3650 }),
    skonto_percent: Nullable(Percent),
    skonto_days: Nullable(Type.Integer({ minimum: 0, maximum: 3650 })),
  },
  { additionalProperties: false },
);

/** A line of a sales invoice or credit note: what was sold, its net amount and its VAT. */
export const CoreSalesLine = Type.Object(
  {
    line_no: Type.Integer({ minimum: 1 }),
    product_id: Nullable(Uuid),
    sku: Nullable(Text(64)),
    description: Text(500),
    quantity: Decimal,
    /** UN/ECE Recommendation 20 unit code, e.g. C62 (piece), HUR (hour). */
    unit: Type.String({ pattern: '^[A-Z0-9]{2,3}$' }),
    /** Net price per unit, before line discounts. */
    unit_price: Decimal,
    /** The line's net amount after discounts, in the document's currency. */
    net_amount: Amount,
    /** The VAT rate of the line in percent; "0" for every category but `S`. */
    vat_rate: Percent,
    tax_category: CoreTaxCategory,
  },
  { additionalProperties: false },
);

/**
 * One row of the VAT breakdown (EN 16931 BG-23): the taxable `base` of all lines of one category and rate
 * and the `tax` on it, which is `base × rate / 100` rounded half-up to cents (BR-CO-17). Finance posts the
 * stated tax; it accepts a difference of at most one cent per line of the group to that figure, as rounding
 * per line produces, and parks the document otherwise.
 */
export const CoreTaxBreakdown = Type.Object({ tax_category: CoreTaxCategory, rate: Percent, base: Amount, tax: Amount }, { additionalProperties: false });

/** The totals of a document: `net` is the sum of the breakdown's bases, `gross` = `net` + `tax_total`. */
export const CoreDocumentTotals = Type.Object(
  {
    net: Amount,
    /** One row per tax category and rate; the lines' net amounts of that category and rate add up to its base. */
    tax: Type.Array(CoreTaxBreakdown, { minItems: 1, maxItems: 20 }),
    tax_total: Amount,
    gross: Amount,
  },
  { additionalProperties: false },
);

/**
 * Data of `erp.core.order.invoiced.v1`: the core service issued a sales invoice. Finance books it (receivable
 * against revenue per tax code and output tax per rate) and opens a receivable for the customer that payments
 * settle and dunning watches. The event id must stay the same when the event is delivered again; finance posts
 * an invoice (`invoice_id`) once.
 *
 * ### Example
 * ```ts
 * import { Value } from 'typebox/value';
 * if (event.type === CORE_DOCUMENT_EVENT_TYPES.orderInvoiced && Value.Check(CoreOrderInvoicedV1, event.data)) bookInvoice(event.data);
 * ```
 */
export const CoreOrderInvoicedV1 = Type.Object(
  {
    invoice_id: Uuid,
    invoice_number: DocumentNumber,
    order_id: Nullable(Uuid),
    invoice_date: Day,
    /** The net due date; not before `invoice_date`. */
    due_date: Day,
    payment_terms: CorePaymentTerms,
    customer: CoreDocumentPartner,
    currency: Currency,
    exchange_rate: ExchangeRate,
    lines: Type.Array(CoreSalesLine, { minItems: 1, maxItems: 1000 }),
    totals: CoreDocumentTotals,
  },
  { additionalProperties: false, $id: 'CoreOrderInvoicedV1' },
);

/**
 * Data of `erp.core.order.credit_note_issued.v1`: a credit note (Gutschrift, Rechnungskorrektur) for the sales
 * invoice `invoice_id`. Its amounts have the invoice's shape and are positive; finance books them the other
 * way round (revenue and output tax back, receivable down) and lowers the invoice's open item by the credit
 * note's gross amount. What exceeds the invoice's open amount stays as a credit of the customer.
 */
export const CoreOrderCreditNoteIssuedV1 = Type.Object(
  {
    credit_note_id: Uuid,
    credit_note_number: DocumentNumber,
    credit_note_date: Day,
    /** The invoice this credit note corrects; the same customer and currency. */
    invoice_id: Uuid,
    invoice_number: DocumentNumber,
    reason: Nullable(Text(500)),
    customer: CoreDocumentPartner,
    currency: Currency,
    exchange_rate: ExchangeRate,
    lines: Type.Array(CoreSalesLine, { minItems: 1, maxItems: 1000 }),
    totals: CoreDocumentTotals,
  },
  { additionalProperties: false, $id: 'CoreOrderCreditNoteIssuedV1' },
);

/** A received line of a purchase order: the quantity that arrived and its value at cost (quantity × unit cost). */
export const CoreGoodsReceiptLine = Type.Object(
  {
    line_no: Type.Integer({ minimum: 1 }),
    product_id: Nullable(Uuid),
    sku: Nullable(Text(64)),
    description: Text(500),
    quantity: Decimal,
    unit: Type.String({ pattern: '^[A-Z0-9]{2,3}$' }),
    unit_cost: Decimal,
    /** The received quantity's value at cost, net of VAT, in the receipt's currency. */
    value: Amount,
  },
  { additionalProperties: false },
);

/**
 * Data of `erp.core.purchase.goods_received.v1`: goods of a purchase order arrived. Finance books their value
 * at cost into stock against the goods-received/invoice-received clearing account, which the supplier's
 * invoice clears later. `total_value` is the sum of the lines' values.
 */
export const CorePurchaseGoodsReceivedV1 = Type.Object(
  {
    goods_receipt_id: Uuid,
    goods_receipt_number: DocumentNumber,
    purchase_order_id: Uuid,
    purchase_order_number: DocumentNumber,
    received_on: Day,
    supplier: CoreDocumentPartner,
    currency: Currency,
    exchange_rate: ExchangeRate,
    lines: Type.Array(CoreGoodsReceiptLine, { minItems: 1, maxItems: 1000 }),
    total_value: Amount,
  },
  { additionalProperties: false, $id: 'CorePurchaseGoodsReceivedV1' },
);

/**
 * A line of a supplier invoice. A line with `purchase_order_id` was received as goods (see
 * `erp.core.purchase.goods_received.v1`) and clears the clearing account; any other line is an expense,
 * booked on `expense_account` (a four- to eight-digit account of the tenant's chart) or, when that is `null`,
 * on the chart's Wareneingang account of its tax code.
 */
export const CoreSupplierInvoiceLine = Type.Object(
  {
    line_no: Type.Integer({ minimum: 1 }),
    purchase_order_id: Nullable(Uuid),
    product_id: Nullable(Uuid),
    description: Text(500),
    quantity: Decimal,
    unit: Type.String({ pattern: '^[A-Z0-9]{2,3}$' }),
    unit_price: Decimal,
    net_amount: Amount,
    /**
     * The VAT rate the supplier charged. For `AE` and `K` lines, on which the supplier charges none, the German
     * rate (19 or 7) that the buyer owes and deducts; the breakdown's `tax` of such a group is "0.00".
     */
    vat_rate: Percent,
    tax_category: CoreTaxCategory,
    expense_account: Nullable(Type.String({ pattern: '^[0-9]{4,8}$' })),
  },
  { additionalProperties: false },
);

/**
 * Data of `erp.core.purchase.supplier_invoice_recorded.v1`: an incoming invoice was recorded. Finance books it
 * (clearing account or expense per line, input tax per rate, payable to the supplier) and opens a payable.
 * `supplier_invoice_number` is the supplier's own number, the Beleg of the posting. The totals' `tax` rows
 * state the input tax the supplier charged; for `AE` and `K` finance computes the tax the buyer owes itself.
 */
export const CorePurchaseSupplierInvoiceRecordedV1 = Type.Object(
  {
    supplier_invoice_id: Uuid,
    supplier_invoice_number: DocumentNumber,
    invoice_date: Day,
    received_on: Day,
    /** The net due date; not before `invoice_date`. */
    due_date: Day,
    payment_terms: CorePaymentTerms,
    supplier: CoreDocumentPartner,
    currency: Currency,
    exchange_rate: ExchangeRate,
    lines: Type.Array(CoreSupplierInvoiceLine, { minItems: 1, maxItems: 1000 }),
    totals: CoreDocumentTotals,
  },
  { additionalProperties: false, $id: 'CorePurchaseSupplierInvoiceRecordedV1' },
);

/** The CloudEvents `type` of each core business-document event that finance books. */
export const CORE_DOCUMENT_EVENT_TYPES = {
  orderInvoiced: 'erp.core.order.invoiced.v1',
  creditNoteIssued: 'erp.core.order.credit_note_issued.v1',
  goodsReceived: 'erp.core.purchase.goods_received.v1',
  supplierInvoiceRecorded: 'erp.core.purchase.supplier_invoice_recorded.v1',
} as const;

/** TypeScript shape of {@link CoreTaxCategory}. */
export type CoreTaxCategory = Static<typeof CoreTaxCategory>;
/** TypeScript shape of {@link CoreDocumentPartner}. */
export type CoreDocumentPartner = Static<typeof CoreDocumentPartner>;
/** TypeScript shape of {@link CorePaymentTerms}. */
export type CorePaymentTerms = Static<typeof CorePaymentTerms>;
/** TypeScript shape of {@link CoreSalesLine}. */
export type CoreSalesLine = Static<typeof CoreSalesLine>;
/** TypeScript shape of {@link CoreTaxBreakdown}. */
export type CoreTaxBreakdown = Static<typeof CoreTaxBreakdown>;
/** TypeScript shape of {@link CoreDocumentTotals}. */
export type CoreDocumentTotals = Static<typeof CoreDocumentTotals>;
/** TypeScript shape of {@link CoreOrderInvoicedV1}. */
export type CoreOrderInvoicedV1 = Static<typeof CoreOrderInvoicedV1>;
/** TypeScript shape of {@link CoreOrderCreditNoteIssuedV1}. */
export type CoreOrderCreditNoteIssuedV1 = Static<typeof CoreOrderCreditNoteIssuedV1>;
/** TypeScript shape of {@link CoreGoodsReceiptLine}. */
export type CoreGoodsReceiptLine = Static<typeof CoreGoodsReceiptLine>;
/** TypeScript shape of {@link CorePurchaseGoodsReceivedV1}. */
export type CorePurchaseGoodsReceivedV1 = Static<typeof CorePurchaseGoodsReceivedV1>;
/** TypeScript shape of {@link CoreSupplierInvoiceLine}. */
export type CoreSupplierInvoiceLine = Static<typeof CoreSupplierInvoiceLine>;
/** TypeScript shape of {@link CorePurchaseSupplierInvoiceRecordedV1}. */
export type CorePurchaseSupplierInvoiceRecordedV1 = Static<typeof CorePurchaseSupplierInvoiceRecordedV1>;
