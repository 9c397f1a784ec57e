import Type, { type TSchema } from 'typebox';

// Request and response schemas of sales documents and invoices. Amounts, quantities and percentages are decimal
// strings, never JSON numbers (binary floats); patterns without a sign, so a negative one cannot pass.

const strict = { additionalProperties: false } as const;
const Nullable = <Schema extends TSchema>(schema: Schema) => Type.Union([schema, Type.Null()]);
/** One line of text: no control characters, so nothing can smuggle line breaks into documents or logs. */
export const line = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });
/** Free text that may span lines, but holds no other control characters. */
export const text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$' });

export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const Timestamp = Type.String({ format: 'date-time' });
export const Day = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const Cursor = Type.String({ maxLength: 500, pattern: '^[A-Za-z0-9_-]+$' });
export const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
export const Quantity = Type.String({
  pattern: '^(0|[1-9]\\d{0,11})(\\.\\d{1,3})?$',
  description: 'Decimal string in the unit of the product, at most three places',
});
export const UnitPrice = Type.String({ pattern: '^(0|[1-9]\\d{0,10})(\\.\\d{1,4})?$', description: 'Net price per unit, decimal string, at most four places' });
export const Percent = Type.String({ pattern: '^(0|[1-9]\\d{0,2})(\\.\\d{1,2})?$', description: 'Percent as a decimal string, at most two places' });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, e.g. EUR' });
export const ExchangeRate = Type.String({ pattern: '^(0|[1-9]\\d{0,7})(\\.\\d{1,6})?$', description: 'Units of the currency per euro (ECB quotation)' });
export const LineNo = Type.Integer({ minimum: 1, maximum: 1000 });

export const IdParams = Type.Object({ id: Uuid }, strict);

export const PaymentTermsInput = Type.Object(
  {
    net_days: Type.Integer({ minimum: 0, maximum: 365 }),
    skonto_percent: Nullable(Percent),
    skonto_days: Nullable(Type.Integer({ minimum: 0, maximum: 365 })),
  },
  strict,
);

const SalesLineInput = Type.Object(
  {
    product_id: Uuid,
    quantity: Quantity,
    unit_price: Type.Optional(UnitPrice),
    discount_percent: Type.Optional(Percent),
    description: Type.Optional(line(500)),
  },
  strict,
);

/** The body of POST /orders. */
export const OrderCreateBody = Type.Object(
  {
    customer_id: Uuid,
    status: Type.Optional(Type.Union([Type.Literal('quote'), Type.Literal('order')], { description: 'quote (default) or order' })),
    currency: Type.Optional(Currency),
    exchange_rate: Type.Optional(ExchangeRate),
    payment_terms: Type.Optional(PaymentTermsInput),
    warehouse_id: Type.Optional(Uuid),
    customer_reference: Type.Optional(line(100)),
    notes: Type.Optional(text(2000)),
    lines: Type.Array(SalesLineInput, { minItems: 1, maxItems: 200 }),
  },
  strict,
);

/** The body of transitions that only need a reason, if any (accept, cancel). */
export const ReasonBody = Type.Object({ reason: Type.Optional(line(500)) }, strict);

export const ConfirmBody = Type.Object({ warehouse_id: Type.Optional(Uuid) }, strict);

export const QuantitiesInput = Type.Array(Type.Object({ line_no: LineNo, quantity: Quantity }, strict), { minItems: 1, maxItems: 1000 });

export const DeliveryBody = Type.Object({ lines: Type.Optional(QuantitiesInput) }, strict);

export const CreditNoteBody = Type.Object(
  {
    invoice_id: Uuid,
    reason: line(500),
    lines: Type.Optional(QuantitiesInput),
    return_stock: Type.Optional(Type.Boolean({ description: 'Books the credited goods back into the order’s warehouse with a return movement' })),
  },
  strict,
);

export const OrderListQuery = Type.Object(
  {
    limit: Limit,
    cursor: Type.Optional(Cursor),
    status: Type.Optional(
      Type.Union(['quote', 'order', 'confirmed', 'partially_delivered', 'delivered', 'invoiced', 'cancelled'].map((status) => Type.Literal(status))),
    ),
    customer_id: Type.Optional(Uuid),
  },
  strict,
);

export const InvoiceListQuery = Type.Object(
  {
    limit: Limit,
    cursor: Type.Optional(Cursor),
    kind: Type.Optional(Type.Union([Type.Literal('invoice'), Type.Literal('credit_note')])),
    customer_id: Type.Optional(Uuid),
    order_id: Type.Optional(Uuid),
  },
  strict,
);

export const DocumentPartnerResponse = Type.Object({
  id: Uuid,
  number: Type.String(),
  name: Type.String(),
  vat_id: Nullable(Type.String()),
  country: Type.String(),
});
export const PaymentTermsResponse = Type.Object({ net_days: Type.Integer(), skonto_percent: Nullable(Type.String()), skonto_days: Nullable(Type.Integer()) });
export const TotalsResponse = Type.Object({
  net: Type.String(),
  tax: Type.Array(Type.Object({ tax_category: Type.String(), rate: Type.String(), base: Type.String(), tax: Type.String() })),
  tax_total: Type.String(),
  gross: Type.String(),
});

const SalesLineResponse = Type.Object({
  line_no: Type.Integer(),
  id: Uuid,
  product_id: Uuid,
  sku: Type.String(),
  description: Type.String(),
  unit: Type.String(),
  kind: Type.String(),
  quantity: Type.String(),
  unit_price: Type.String(),
  discount_percent: Type.String(),
  vat_rate: Type.String(),
  tax_category: Type.String(),
  net_amount: Type.String(),
  delivered_quantity: Type.String(),
  invoiced_quantity: Type.String(),
});

export const DeliveryResponse = Type.Object({
  id: Uuid,
  number: Type.String(),
  delivered_at: Timestamp,
  lines: Type.Array(Type.Object({ line_no: Type.Integer(), quantity: Type.String(), movement_ids: Type.Array(Uuid) })),
});

export const OrderResponse = Type.Object({
  id: Uuid,
  number: Type.String(),
  status: Type.String(),
  allowed_actions: Type.Array(Type.String()),
  customer: DocumentPartnerResponse,
  currency: Type.String(),
  exchange_rate: Nullable(Type.String()),
  payment_terms: PaymentTermsResponse,
  warehouse_id: Nullable(Uuid),
  customer_reference: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  lines: Type.Array(SalesLineResponse),
  totals: TotalsResponse,
  deliveries: Type.Array(DeliveryResponse),
  invoices: Type.Array(Type.Object({ id: Uuid, kind: Type.String(), number: Type.String(), issue_date: Type.String(), gross: Type.String() })),
  cancel_reason: Nullable(Type.String()),
  version: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
  accepted_at: Nullable(Timestamp),
  confirmed_at: Nullable(Timestamp),
  cancelled_at: Nullable(Timestamp),
});

export const OrderList = Type.Object({ items: Type.Array(OrderResponse), next_cursor: Nullable(Type.String()) });

const InvoiceLineResponse = Type.Object({
  line_no: Type.Integer(),
  order_line_no: Type.Integer(),
  corrected_line_no: Nullable(Type.Integer()),
  product_id: Uuid,
  sku: Type.String(),
  description: Type.String(),
  quantity: Type.String(),
  unit: Type.String(),
  unit_price: Type.String(),
  discount_percent: Type.String(),
  vat_rate: Type.String(),
  tax_category: Type.String(),
  net_amount: Type.String(),
  credited_quantity: Type.String(),
  credited_net: Type.String(),
});

export const InvoiceResponse = Type.Object({
  id: Uuid,
  kind: Type.String(),
  number: Type.String(),
  order_id: Uuid,
  order_number: Type.String(),
  corrected_invoice: Nullable(Type.Object({ id: Uuid, number: Type.String() })),
  issue_date: Type.String(),
  due_date: Nullable(Type.String()),
  payment_terms: Nullable(PaymentTermsResponse),
  customer: DocumentPartnerResponse,
  currency: Type.String(),
  exchange_rate: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  returned_stock: Type.Boolean(),
  lines: Type.Array(InvoiceLineResponse),
  totals: TotalsResponse,
  created_at: Timestamp,
});

export const InvoiceList = Type.Object({ items: Type.Array(InvoiceResponse), next_cursor: Nullable(Type.String()) });

export const DeliveryResult = Type.Object({ delivery: DeliveryResponse, order: OrderResponse });
export const InvoiceResult = Type.Object({ invoice: InvoiceResponse, order: OrderResponse });
export const CreditNoteResult = Type.Object({ credit_note: InvoiceResponse, order: OrderResponse });
