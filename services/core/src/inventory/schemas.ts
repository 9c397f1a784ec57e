import { CoreStockMovement } from '@erp/contracts';
import Type, { type TSchema } from 'typebox';

// One line of text: no control characters, so nothing can smuggle line breaks into documents or logs.
const line = (maxLength: number, minLength = 1) => Type.String({ minLength, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });
const strict = { additionalProperties: false } as const;
const Nullable = <Schema extends TSchema>(schema: Schema) => Type.Union([schema, Type.Null()]);

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const Timestamp = Type.String({ format: 'date-time' });
const Cursor = Type.String({ maxLength: 500, pattern: '^[A-Za-z0-9_-]+$' });
const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
const Archived = Type.Union([Type.Literal('false'), Type.Literal('true'), Type.Literal('all')], { default: 'false' });
// Quantities and amounts are decimal strings, never JSON numbers (binary floats); no sign, so a negative one cannot pass.
const Quantity = Type.String({ pattern: '^(0|[1-9]\\d{0,11})(\\.\\d{1,3})?$', description: 'Decimal string in the unit of the product, at most three places' });
const Amount = Type.String({ pattern: '^(0|[1-9]\\d{0,10})(\\.\\d{1,4})?$', description: 'Decimal string, at most four places' });
const Decimal = Type.String({ pattern: '^-?\\d+(\\.\\d+)?$' });
const Money = Type.Object({ amount: Amount, currency: Type.String({ pattern: '^[A-Za-z]{3}$' }) }, strict);
const WarehouseCode = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,19}$', description: 'Letters, digits and . _ / -, at most 20' });
const LocationCode = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,29}$', description: 'Letters, digits and . _ / -, at most 30' });
const ReferenceType = Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,49}$', description: 'e.g. sales_order_line' });
const ReferenceId = line(100);

export const IdParams = Type.Object({ id: Uuid }, strict);

export const ListQuery = Type.Object({ limit: Limit, cursor: Type.Optional(Cursor), archived: Archived }, strict);

/** The body of POST /inventory/warehouses. */
export const WarehouseCreateBody = Type.Object(
  {
    code: WarehouseCode,
    name: line(200),
    default_location: Type.Optional(Type.Object({ code: LocationCode, name: Type.Optional(Nullable(line(200))) }, strict)),
  },
  strict,
);

export const WarehousePatchBody = Type.Object({ code: Type.Optional(WarehouseCode), name: Type.Optional(line(200)) }, { ...strict, minProperties: 1 });

export const WarehouseResponse = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  default_location_id: Uuid,
  version: Type.Integer(),
  archived_at: Nullable(Timestamp),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const WarehouseList = Type.Object({ items: Type.Array(WarehouseResponse), next_cursor: Nullable(Type.String()) });

export const LocationCreateBody = Type.Object({ code: LocationCode, name: Type.Optional(Nullable(line(200))) }, strict);

export const LocationPatchBody = Type.Object(
  {
    code: Type.Optional(LocationCode),
    name: Type.Optional(Nullable(line(200))),
    is_default: Type.Optional(Type.Literal(true, { description: 'Makes this the default location of its warehouse' })),
  },
  { ...strict, minProperties: 1 },
);

export const LocationResponse = Type.Object({
  id: Uuid,
  warehouse_id: Uuid,
  code: Type.String(),
  name: Nullable(Type.String()),
  is_default: Type.Boolean(),
  version: Type.Integer(),
  archived_at: Nullable(Timestamp),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const LocationList = Type.Object({ items: Type.Array(LocationResponse), next_cursor: Nullable(Type.String()) });

const Place = Type.Object({ warehouse_id: Uuid, location_id: Type.Optional(Uuid) }, strict);

/** The body of POST /inventory/movements; which of `from`, `to` and `unit_cost` a kind needs is checked in src/domain. */
export const MovementCreateBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('receipt'), Type.Literal('issue'), Type.Literal('transfer'), Type.Literal('adjustment'), Type.Literal('return')]),
    product_id: Uuid,
    quantity: Quantity,
    from: Type.Optional(Place),
    to: Type.Optional(Place),
    unit_cost: Type.Optional(Money),
    reason: Type.Optional(line(500)),
    reference: Type.Optional(
      Type.Object({ text: Type.Optional(line(200)), type: Type.Optional(ReferenceType), id: Type.Optional(ReferenceId) }, { ...strict, minProperties: 1 }),
    ),
  },
  strict,
);

export const MovementResponse = CoreStockMovement;

export const MovementListQuery = Type.Object(
  { product_id: Type.Optional(Uuid), warehouse_id: Type.Optional(Uuid), limit: Limit, cursor: Type.Optional(Cursor) },
  strict,
);

export const MovementList = Type.Object({ items: Type.Array(MovementResponse), next_cursor: Nullable(Type.String()) });

const LevelResponse = Type.Object({
  product_id: Uuid,
  warehouse_id: Uuid,
  location_id: Uuid,
  on_hand: Decimal,
  reserved: Decimal,
  available: Decimal,
  incoming: Decimal,
  updated_at: Timestamp,
});

export const LevelListQuery = Type.Object(
  { product_id: Type.Optional(Uuid), warehouse_id: Type.Optional(Uuid), location_id: Type.Optional(Uuid), limit: Limit, cursor: Type.Optional(Cursor) },
  strict,
);

export const LevelList = Type.Object({ items: Type.Array(LevelResponse), next_cursor: Nullable(Type.String()) });

export const ProductLevels = Type.Object({
  product_id: Uuid,
  unit: Type.String(),
  on_hand: Decimal,
  reserved: Decimal,
  available: Decimal,
  incoming: Decimal,
  levels: Type.Array(LevelResponse),
});

/** The body of POST /inventory/reservations. */
export const ReservationCreateBody = Type.Object(
  {
    product_id: Uuid,
    warehouse_id: Uuid,
    location_id: Type.Optional(Uuid),
    quantity: Quantity,
    reference: Type.Object({ type: ReferenceType, id: ReferenceId }, strict),
  },
  strict,
);

const Status = Type.Union([Type.Literal('active'), Type.Literal('released'), Type.Literal('consumed')]);

export const ReservationResponse = Type.Object({
  id: Uuid,
  product_id: Uuid,
  warehouse_id: Uuid,
  quantity: Decimal,
  reference: Type.Object({ type: Type.String(), id: Type.String() }),
  status: Status,
  allocations: Type.Array(Type.Object({ location_id: Uuid, quantity: Decimal })),
  actor_id: Nullable(Type.String()),
  created_at: Timestamp,
  closed_at: Nullable(Timestamp),
  closed_by: Nullable(Type.String()),
});

export const ReservationListQuery = Type.Object(
  {
    product_id: Type.Optional(Uuid),
    warehouse_id: Type.Optional(Uuid),
    status: Type.Optional(Status),
    reference_type: Type.Optional(ReferenceType),
    reference_id: Type.Optional(ReferenceId),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  strict,
);

export const ReservationList = Type.Object({ items: Type.Array(ReservationResponse), next_cursor: Nullable(Type.String()) });

export const ConsumeResponse = Type.Object({ reservation: ReservationResponse, movements: Type.Array(MovementResponse) });

const Method = Type.Union([Type.Literal('moving_average'), Type.Literal('fifo')]);

export const SettingsBody = Type.Object({ valuation_method: Method, currency: Type.String({ pattern: '^[A-Za-z]{3}$' }) }, strict);

export const SettingsResponse = Type.Object({ valuation_method: Method, currency: Type.String(), version: Type.Integer(), updated_at: Nullable(Timestamp) });

export const ValuationQuery = Type.Object(
  { at: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD; today if left out' })) },
  strict,
);

export const Valuation = Type.Object({
  at: Type.String(),
  valuation_method: Method,
  currency: Type.String(),
  items: Type.Array(
    Type.Object({
      product_id: Uuid,
      sku: Type.String(),
      name: Type.String(),
      unit: Type.String(),
      quantity: Decimal,
      unit_cost: Nullable(Decimal),
      value: Decimal,
    }),
  ),
  total_value: Decimal,
});
