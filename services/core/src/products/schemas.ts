import { CoreProduct } from '@erp/contracts';
import Type, { type TSchema } from 'typebox';

// One line of text: no control characters, so nothing can smuggle line breaks into documents or logs.
const line = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });
const optionalNullable = <Schema extends TSchema>(schema: Schema) => Type.Optional(Type.Union([schema, Type.Null()]));
const strict = { additionalProperties: false } as const;

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
// Amounts are decimal strings, never JSON numbers (binary floats); no sign, so a negative price cannot pass.
const Amount = Type.String({ pattern: '^(0|[1-9]\\d{0,10})(\\.\\d{1,4})?$', description: 'Decimal string, at most four places' });
const Quantity = Type.String({ pattern: '^(0|[1-9]\\d{0,11})(\\.\\d{1,3})?$', description: 'Decimal string, at most three places' });
const Money = Type.Object({ amount: Amount, currency: Type.String({ pattern: '^[A-Za-z]{3}$' }) }, strict);
const Tag = Type.String({ minLength: 1, maxLength: 50, pattern: '^[^\\u0000-\\u001f\\u007f,;|]+$' });
// Descriptions may span lines; other control characters are refused.
const Description = Type.String({ maxLength: 10_000, pattern: '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$' });
const Kind = Type.Union([Type.Literal('goods'), Type.Literal('service')]);
const VatRate = Type.Union([Type.Literal('19'), Type.Literal('7'), Type.Literal('0')], { description: 'German VAT rate in percent, as a string' });
// Form only; the unit list and the GTIN check digit are checked in src/domain, which can say what is wrong.
const Unit = Type.String({ pattern: '^[A-Za-z0-9]{2,3}$' });
const Gtin = Type.String({ pattern: '^[0-9][0-9 -]{6,20}[0-9]$' });

const requiredProperties = {
  sku: line(64, 1),
  name: line(200, 1),
  unit: Unit,
  kind: Kind,
  net_price: Money,
  vat_rate: VatRate,
};

const optionalProperties = {
  description: optionalNullable(Description),
  gtin: optionalNullable(Gtin),
  purchase_price: optionalNullable(Money),
  supplier_id: optionalNullable(Uuid),
  reorder_point: optionalNullable(Quantity),
  reorder_quantity: optionalNullable(Quantity),
  tags: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
};

/** The body of POST /products. */
export const ProductCreateBody = Type.Object({ ...requiredProperties, ...optionalProperties }, strict);

/** The body of PATCH /products/:id: only the fields to change; `null` clears an optional one. */
export const ProductPatchBody = Type.Object(
  {
    sku: Type.Optional(requiredProperties.sku),
    name: Type.Optional(requiredProperties.name),
    unit: Type.Optional(requiredProperties.unit),
    kind: Type.Optional(requiredProperties.kind),
    net_price: Type.Optional(requiredProperties.net_price),
    vat_rate: Type.Optional(requiredProperties.vat_rate),
    ...optionalProperties,
  },
  { ...strict, minProperties: 1 },
);

export const ProductResponse = CoreProduct;

export const ProductIdParams = Type.Object({ id: Uuid }, strict);

const Cursor = Type.String({ maxLength: 500, pattern: '^[A-Za-z0-9_-]+$' });

export const ProductListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Cursor),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    kind: Type.Optional(Kind),
    supplier_id: Type.Optional(Uuid),
    tag: Type.Optional(Tag),
    archived: Type.Union([Type.Literal('false'), Type.Literal('true'), Type.Literal('all')], { default: 'false' }),
  },
  strict,
);

export const ProductList = Type.Object({ items: Type.Array(ProductResponse), next_cursor: Type.Union([Type.String(), Type.Null()]) });
