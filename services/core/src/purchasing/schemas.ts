import Type, { type TSchema } from 'typebox';
import {
  Currency,
  Cursor,
  Day,
  DocumentPartnerResponse,
  ExchangeRate,
  Limit,
  LineNo,
  line,
  PaymentTermsInput,
  PaymentTermsResponse,
  Percent,
  Quantity,
  TotalsResponse,
  text,
  UnitPrice,
  Uuid,
} from '../orders/schemas.js';

const strict = { additionalProperties: false } as const;
const Nullable = <Schema extends TSchema>(schema: Schema) => Type.Union([schema, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });
const Amount = Type.String({ pattern: '^(0|[1-9]\\d{0,15})(\\.\\d{1,2})?$', description: 'Decimal string, at most two places' });

/** The body of POST /purchase-orders. */
export const PurchaseOrderCreateBody = Type.Object(
  {
    supplier_id: Uuid,
    warehouse_id: Uuid,
    currency: Type.Optional(Currency),
    exchange_rate: Type.Optional(ExchangeRate),
    payment_terms: Type.Optional(PaymentTermsInput),
    expected_on: Type.Optional(Day),
    notes: Type.Optional(text(2000)),
    lines: Type.Array(
      Type.Object({ product_id: Uuid, quantity: Quantity, unit_price: Type.Optional(UnitPrice), description: Type.Optional(line(500)) }, strict),
      { minItems: 1, maxItems: 200 },
    ),
  },
  strict,
);

export const ReceiptBody = Type.Object(
  {
    received_on: Type.Optional(Day),
    lines: Type.Optional(
      Type.Array(Type.Object({ line_no: LineNo, quantity: Quantity, unit_cost: Type.Optional(UnitPrice) }, strict), { minItems: 1, maxItems: 1000 }),
    ),
  },
  strict,
);

export const SupplierInvoiceBody = Type.Object(
  {
    number: line(36),
    invoice_date: Day,
    received_on: Type.Optional(Day),
    due_date: Type.Optional(Day),
    lines: Type.Optional(
      Type.Array(Type.Object({ line_no: LineNo, quantity: Quantity, unit_price: Type.Optional(UnitPrice) }, strict), { minItems: 1, maxItems: 1000 }),
    ),
    tax: Type.Optional(Type.Array(Type.Object({ rate: Percent, tax: Amount }, strict), { maxItems: 20 })),
  },
  strict,
);

export const PurchaseOrderListQuery = Type.Object(
  {
    limit: Limit,
    cursor: Type.Optional(Cursor),
    status: Type.Optional(Type.Union(['draft', 'ordered', 'partially_received', 'received', 'invoiced', 'cancelled'].map((status) => Type.Literal(status)))),
    supplier_id: Type.Optional(Uuid),
  },
  strict,
);

const PurchaseLineResponse = Type.Object({
  line_no: Type.Integer(),
  id: Uuid,
  product_id: Uuid,
  sku: Type.String(),
  description: Type.String(),
  unit: Type.String(),
  quantity: Type.String(),
  unit_price: Type.String(),
  vat_rate: Type.String(),
  tax_category: Type.String(),
  net_amount: Type.String(),
  received_quantity: Type.String(),
  invoiced_quantity: Type.String(),
});

export const GoodsReceiptResponse = Type.Object({
  id: Uuid,
  number: Type.String(),
  received_on: Type.String(),
  total_value: Type.String(),
  lines: Type.Array(Type.Object({ line_no: Type.Integer(), quantity: Type.String(), unit_cost: Type.String(), value: Type.String(), movement_id: Uuid })),
  created_at: Timestamp,
});

export const SupplierInvoiceSummaryResponse = Type.Object({
  id: Uuid,
  supplier_invoice_number: Type.String(),
  invoice_date: Type.String(),
  due_date: Type.String(),
  gross: Type.String(),
});

export const PurchaseOrderResponse = Type.Object({
  id: Uuid,
  number: Type.String(),
  status: Type.String(),
  allowed_actions: Type.Array(Type.String()),
  supplier: DocumentPartnerResponse,
  currency: Type.String(),
  exchange_rate: Nullable(Type.String()),
  payment_terms: PaymentTermsResponse,
  warehouse_id: Uuid,
  expected_on: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  lines: Type.Array(PurchaseLineResponse),
  totals: TotalsResponse,
  receipts: Type.Array(GoodsReceiptResponse),
  supplier_invoices: Type.Array(SupplierInvoiceSummaryResponse),
  cancel_reason: Nullable(Type.String()),
  version: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
  ordered_at: Nullable(Timestamp),
  cancelled_at: Nullable(Timestamp),
});

export const PurchaseOrderList = Type.Object({ items: Type.Array(PurchaseOrderResponse), next_cursor: Nullable(Type.String()) });
export const ReceiptResult = Type.Object({ goods_receipt: GoodsReceiptResponse, purchase_order: PurchaseOrderResponse });
export const SupplierInvoiceResult = Type.Object({ supplier_invoice: SupplierInvoiceSummaryResponse, purchase_order: PurchaseOrderResponse });
