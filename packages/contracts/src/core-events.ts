import Type, { type Static } from 'typebox';

const Text = Type.Union([Type.String(), Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });

/** An address of a business partner; street, postal code and city are `null` after a GDPR erasure. */
export const CorePartnerAddress = Type.Object({
  id: Uuid,
  type: Type.Union([Type.Literal('billing'), Type.Literal('shipping')]),
  is_default: Type.Boolean(),
  addition: Text,
  street: Text,
  postal_code: Text,
  city: Text,
  /** ISO 3166-1 alpha-2. */
  country: Type.String({ pattern: '^[A-Z]{2}$' }),
});

/** A contact person of a business partner. */
export const CorePartnerContact = Type.Object({
  id: Uuid,
  salutation: Text,
  first_name: Text,
  last_name: Text,
  position: Text,
  email: Text,
  phone: Text,
});

/**
 * A customer or supplier of the core service as events carry it: everything but the internal notes.
 * Decimal amounts are strings with two places; `version` grows by one with every change.
 */
export const CorePartner = Type.Object({
  id: Uuid,
  role: Type.Union([Type.Literal('customer'), Type.Literal('supplier')]),
  /** The customer (Debitor) or supplier (Kreditor) number, e.g. K10001 or L70001. */
  number: Type.String(),
  kind: Type.Union([Type.Literal('company'), Type.Literal('person')]),
  /** The company name, or title, first and last name of a person. */
  name: Type.String(),
  company_name: Text,
  salutation: Text,
  title: Text,
  first_name: Text,
  last_name: Text,
  email: Text,
  phone: Text,
  website: Text,
  /** USt-IdNr, e.g. DE136695976. */
  vat_id: Text,
  /** Steuernummer. */
  tax_number: Text,
  /** Leitweg-ID of a public buyer (XRechnung BT-10). */
  leitweg_id: Text,
  commercial_register: Type.Union([Type.Object({ court: Type.String(), number: Type.String() }), Type.Null()]),
  payment_terms: Type.Union([
    Type.Object({ net_days: Type.Integer(), skonto_percent: Text, skonto_days: Type.Union([Type.Integer(), Type.Null()]) }),
    Type.Null(),
  ]),
  credit_limit: Type.Union([Type.Object({ amount: Type.String(), currency: Type.String() }), Type.Null()]),
  tags: Type.Array(Type.String()),
  contacts: Type.Array(CorePartnerContact),
  addresses: Type.Array(CorePartnerAddress),
  version: Type.Integer({ minimum: 1 }),
  archived_at: Type.Union([Timestamp, Type.Null()]),
  erased_at: Type.Union([Timestamp, Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** Data of `erp.core.customer.created.v1` and `erp.core.supplier.created.v1`. */
export const CorePartnerCreatedV1 = Type.Object({ partner: CorePartner });

/** Data of `erp.core.customer.updated.v1` and `erp.core.supplier.updated.v1`: any change, archiving, restoring and erasure included. */
export const CorePartnerUpdatedV1 = Type.Object({
  partner: CorePartner,
  /** The fields that changed, e.g. `["vat_id", "addresses"]`; `archived_at` when archived or restored. */
  changed_fields: Type.Array(Type.String()),
});

/**
 * Data of `erp.core.customer.erased.v1` and `erp.core.supplier.erased.v1`: personal data was erased (GDPR
 * Art. 17). Consumers holding copies of the named fields or contacts pseudonymise them too, except where
 * they must keep them by law (issued invoices, postings).
 */
export const CorePartnerErasedV1 = Type.Object({
  id: Uuid,
  number: Type.String(),
  erased_fields: Type.Array(Type.String()),
  erased_contact_ids: Type.Array(Uuid),
  erased_at: Timestamp,
});

/** The event types of the core service's business partners. */
export const CORE_PARTNER_EVENT_TYPES = {
  customer: { created: 'erp.core.customer.created.v1', updated: 'erp.core.customer.updated.v1', erased: 'erp.core.customer.erased.v1' },
  supplier: { created: 'erp.core.supplier.created.v1', updated: 'erp.core.supplier.updated.v1', erased: 'erp.core.supplier.erased.v1' },
} as const;

/** TypeScript shape of {@link CorePartner}. */
export type CorePartner = Static<typeof CorePartner>;
/** TypeScript shape of {@link CorePartnerCreatedV1}. */
export type CorePartnerCreatedV1 = Static<typeof CorePartnerCreatedV1>;
/** TypeScript shape of {@link CorePartnerUpdatedV1}. */
export type CorePartnerUpdatedV1 = Static<typeof CorePartnerUpdatedV1>;
/** TypeScript shape of {@link CorePartnerErasedV1}. */
export type CorePartnerErasedV1 = Static<typeof CorePartnerErasedV1>;

const Decimal = Type.String({ pattern: '^\\d+(\\.\\d+)?$' });
const Money = Type.Object({ amount: Decimal, currency: Type.String({ pattern: '^[A-Z]{3}$' }) });

/**
 * A product of the core service's catalogue as the API and events carry it. Amounts and quantities are
 * decimal strings; `unit` is a UN/ECE Recommendation 20 code (e.g. C62 piece, KGM kilogram, HUR hour) as
 * XRechnung and ZUGFeRD use; `vat_rate` is the German rate in percent as an exact string.
 */
export const CoreProduct = Type.Object({
  id: Uuid,
  /** Stock keeping unit, unique per tenant (ignoring case). */
  sku: Type.String(),
  name: Type.String(),
  description: Text,
  unit: Type.String({ pattern: '^[A-Z0-9]{2,3}$' }),
  kind: Type.Union([Type.Literal('goods'), Type.Literal('service')]),
  net_price: Money,
  vat_rate: Type.Union([Type.Literal('19'), Type.Literal('7'), Type.Literal('0')]),
  /** GTIN-8, -12, -13 or -14 with a valid check digit, digits only. */
  gtin: Text,
  purchase_price: Type.Union([Money, Type.Null()]),
  /** The id of a supplier (`erp.core.supplier.*`) of the same tenant. */
  supplier_id: Type.Union([Uuid, Type.Null()]),
  reorder_point: Type.Union([Decimal, Type.Null()]),
  reorder_quantity: Type.Union([Decimal, Type.Null()]),
  tags: Type.Array(Type.String()),
  version: Type.Integer({ minimum: 1 }),
  archived_at: Type.Union([Timestamp, Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** Data of `erp.core.product.created.v1`. */
export const CoreProductCreatedV1 = Type.Object({ product: CoreProduct });

/** Data of `erp.core.product.updated.v1`: any change, archiving and restoring included. */
export const CoreProductUpdatedV1 = Type.Object({
  product: CoreProduct,
  /** The fields that changed, e.g. `["net_price"]`; `archived_at` when archived or restored. */
  changed_fields: Type.Array(Type.String()),
});

/** The event types of the core service's products. */
export const CORE_PRODUCT_EVENT_TYPES = { created: 'erp.core.product.created.v1', updated: 'erp.core.product.updated.v1' } as const;

/** TypeScript shape of {@link CoreProduct}. */
export type CoreProduct = Static<typeof CoreProduct>;
/** TypeScript shape of {@link CoreProductCreatedV1}. */
export type CoreProductCreatedV1 = Static<typeof CoreProductCreatedV1>;
/** TypeScript shape of {@link CoreProductUpdatedV1}. */
export type CoreProductUpdatedV1 = Static<typeof CoreProductUpdatedV1>;

const Place = Type.Object({ warehouse_id: Uuid, location_id: Uuid });

/**
 * A movement of the core service's stock ledger (`/api/v1/inventory/movements`). Quantities are decimal
 * strings in the product's `unit`; `value` is the cost value that entered or left the stock by the tenant's
 * valuation method (`0` for a transfer); `unit_cost` is the cost per unit of stock coming in. A receipt,
 * return or found stock has only `to`, an issue or missing stock only `from`, a transfer both.
 */
export const CoreStockMovement = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('receipt'), Type.Literal('issue'), Type.Literal('transfer'), Type.Literal('adjustment'), Type.Literal('return')]),
  product_id: Uuid,
  quantity: Decimal,
  unit: Type.String({ pattern: '^[A-Z0-9]{2,3}$' }),
  from: Type.Union([Place, Type.Null()]),
  to: Type.Union([Place, Type.Null()]),
  unit_cost: Type.Union([Money, Type.Null()]),
  value: Money,
  reason: Text,
  /** Free text and/or the document the movement belongs to, e.g. `{ type: "sales_order", id: "…" }`. */
  reference: Type.Union([Type.Object({ text: Text, type: Text, id: Text }), Type.Null()]),
  /** The reservation a delivery consumed, if the movement is one. */
  reservation_id: Type.Union([Uuid, Type.Null()]),
  actor_id: Text,
  at: Timestamp,
});

/** Data of `erp.core.stock.moved.v1`: one movement was appended to the ledger. */
export const CoreStockMovedV1 = Type.Object({ movement: CoreStockMovement });

/**
 * Data of `erp.core.stock.below_reorder_point.v1`: after `movement_id`, the product's quantity on hand across
 * all warehouses fell below its reorder point. Sent once per crossing; it is sent again only after the
 * quantity has risen to the reorder point or above and then fallen below it once more.
 */
export const CoreStockBelowReorderPointV1 = Type.Object({
  product_id: Uuid,
  sku: Type.String(),
  unit: Type.String({ pattern: '^[A-Z0-9]{2,3}$' }),
  quantity_on_hand: Decimal,
  reorder_point: Decimal,
  /** The product's reorder quantity, the suggested order size; `null` if none is set. */
  reorder_quantity: Type.Union([Decimal, Type.Null()]),
  movement_id: Uuid,
});

/** The event types of the core service's stock. */
export const CORE_STOCK_EVENT_TYPES = { moved: 'erp.core.stock.moved.v1', belowReorderPoint: 'erp.core.stock.below_reorder_point.v1' } as const;

/** TypeScript shape of {@link CoreStockMovement}. */
export type CoreStockMovement = Static<typeof CoreStockMovement>;
/** TypeScript shape of {@link CoreStockMovedV1}. */
export type CoreStockMovedV1 = Static<typeof CoreStockMovedV1>;
/** TypeScript shape of {@link CoreStockBelowReorderPointV1}. */
export type CoreStockBelowReorderPointV1 = Static<typeof CoreStockBelowReorderPointV1>;

const OrderAmount = Type.String({ pattern: '^(0|[1-9][0-9]{0,15})\\.[0-9]{2}$', description: 'Two decimals, e.g. "119.00".' });
const OrderLineQuantity = Type.Object(
  {
    line_no: Type.Integer({ minimum: 1 }),
    product_id: Uuid,
    sku: Type.String(),
    quantity: Decimal,
    unit: Type.String({ pattern: '^[A-Z0-9]{2,3}$' }),
  },
  { additionalProperties: false },
);

/**
 * Data of `erp.core.order.confirmed.v1`: a sales order was confirmed; stock of each goods line is reserved in
 * `warehouse_id` (`reservation_id`; `null` for a service line, which holds no stock). Amounts are the order's
 * net and gross totals in `currency`.
 */
export const CoreOrderConfirmedV1 = Type.Object(
  {
    order_id: Uuid,
    order_number: Type.String(),
    customer_id: Uuid,
    warehouse_id: Type.Union([Uuid, Type.Null()]),
    confirmed_at: Timestamp,
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    net: OrderAmount,
    gross: OrderAmount,
    lines: Type.Array(Type.Object({ ...OrderLineQuantity.properties, reservation_id: Type.Union([Uuid, Type.Null()]) }, { additionalProperties: false })),
  },
  { additionalProperties: false, $id: 'CoreOrderConfirmedV1' },
);

/**
 * Data of `erp.core.order.delivered.v1`: a delivery (Lieferschein) of a sales order left the warehouse. `lines`
 * are the quantities of this delivery and the stock movements that issued them (none for a service line);
 * `status` is the order's status afterwards.
 */
export const CoreOrderDeliveredV1 = Type.Object(
  {
    order_id: Uuid,
    order_number: Type.String(),
    customer_id: Uuid,
    delivery_id: Uuid,
    delivery_number: Type.String(),
    delivered_at: Timestamp,
    status: Type.Union([Type.Literal('partially_delivered'), Type.Literal('delivered')]),
    lines: Type.Array(Type.Object({ ...OrderLineQuantity.properties, movement_ids: Type.Array(Uuid) }, { additionalProperties: false }), { minItems: 1 }),
  },
  { additionalProperties: false, $id: 'CoreOrderDeliveredV1' },
);

/** Data of `erp.core.order.cancelled.v1`: a quote or sales order was cancelled, and the reservations it held were released. */
export const CoreOrderCancelledV1 = Type.Object(
  {
    order_id: Uuid,
    order_number: Type.String(),
    customer_id: Uuid,
    previous_status: Type.Union([Type.Literal('quote'), Type.Literal('order'), Type.Literal('confirmed')]),
    cancelled_at: Timestamp,
    reason: Text,
    released_reservation_ids: Type.Array(Uuid),
  },
  { additionalProperties: false, $id: 'CoreOrderCancelledV1' },
);

/** The event types of the core service's sales orders besides those finance books (`CORE_DOCUMENT_EVENT_TYPES`). */
export const CORE_ORDER_EVENT_TYPES = {
  confirmed: 'erp.core.order.confirmed.v1',
  delivered: 'erp.core.order.delivered.v1',
  cancelled: 'erp.core.order.cancelled.v1',
} as const;

/** TypeScript shape of {@link CoreOrderConfirmedV1}. */
export type CoreOrderConfirmedV1 = Static<typeof CoreOrderConfirmedV1>;
/** TypeScript shape of {@link CoreOrderDeliveredV1}. */
export type CoreOrderDeliveredV1 = Static<typeof CoreOrderDeliveredV1>;
/** TypeScript shape of {@link CoreOrderCancelledV1}. */
export type CoreOrderCancelledV1 = Static<typeof CoreOrderCancelledV1>;
