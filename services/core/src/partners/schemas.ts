import { CorePartner } from '@erp/contracts';
import Type, { type TSchema } from 'typebox';

// One line of text: no control characters, so nothing can smuggle line breaks into documents or logs.
const line = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });
const nullable = <Schema extends TSchema>(schema: Schema) => Type.Union([schema, Type.Null()]);
const optionalNullable = <Schema extends TSchema>(schema: Schema) => Type.Optional(nullable(schema));
const strict = { additionalProperties: false } as const;

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const Email = Type.String({ format: 'email', maxLength: 254 });
const Phone = Type.String({ pattern: '^\\+?[0-9 ()/.-]{3,40}$', maxLength: 41 });
const Website = Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 500 });
// Form only; the rules of each country are checked in src/domain, which can say what exactly is wrong.
const VatId = Type.String({ pattern: '^[A-Za-z]{2}[A-Za-z0-9 .+*-]{2,20}$', maxLength: 22 });
const TaxNumber = Type.String({ pattern: '^[0-9 /]+$', maxLength: 20 });
const LeitwegId = Type.String({ pattern: '^[A-Za-z0-9-]+$', maxLength: 46 });
const Percent = Type.String({ pattern: '^\\d{1,2}(\\.\\d{1,2})?$', description: 'Decimal string, at most 99.99' });
const Amount = Type.String({ pattern: '^\\d{1,13}(\\.\\d{1,2})?$', description: 'Decimal string, at most two places' });
const Days = Type.Integer({ minimum: 0, maximum: 365 });
const Tag = Type.String({ minLength: 1, maxLength: 50, pattern: '^[^\\u0000-\\u001f\\u007f,;|]+$' });
// Notes may span lines; other control characters are refused.
const Notes = Type.String({ maxLength: 10_000, pattern: '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$' });
const Kind = Type.Union([Type.Literal('company'), Type.Literal('person')]);

export const ContactInput = Type.Object(
  {
    id: Type.Optional(Uuid),
    salutation: optionalNullable(line(50)),
    first_name: optionalNullable(line(100)),
    last_name: optionalNullable(line(100)),
    position: optionalNullable(line(100)),
    email: optionalNullable(Email),
    phone: optionalNullable(Phone),
  },
  strict,
);

export const AddressInput = Type.Object(
  {
    id: Type.Optional(Uuid),
    type: Type.Union([Type.Literal('billing'), Type.Literal('shipping')]),
    is_default: Type.Optional(Type.Boolean()),
    addition: optionalNullable(line(200)),
    street: line(200, 1),
    postal_code: line(20, 1),
    city: line(100, 1),
    country: Type.String({ pattern: '^[A-Za-z]{2}$' }),
  },
  strict,
);

const partnerProperties = {
  company_name: optionalNullable(line(200)),
  salutation: optionalNullable(line(50)),
  title: optionalNullable(line(50)),
  first_name: optionalNullable(line(100)),
  last_name: optionalNullable(line(100)),
  email: optionalNullable(Email),
  phone: optionalNullable(Phone),
  website: optionalNullable(Website),
  vat_id: optionalNullable(VatId),
  tax_number: optionalNullable(TaxNumber),
  leitweg_id: optionalNullable(LeitwegId),
  commercial_register: optionalNullable(Type.Object({ court: line(100, 2), number: line(30, 1) }, strict)),
  payment_terms: optionalNullable(Type.Object({ net_days: Days, skonto_percent: optionalNullable(Percent), skonto_days: optionalNullable(Days) }, strict)),
  credit_limit: optionalNullable(Type.Object({ amount: Amount, currency: Type.String({ pattern: '^[A-Z]{3}$' }) }, strict)),
  tags: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
  notes: optionalNullable(Notes),
  contacts: Type.Optional(Type.Array(ContactInput, { maxItems: 50 })),
  addresses: Type.Optional(Type.Array(AddressInput, { maxItems: 20 })),
};

/** The body of POST /customers: `kind` and the name fields it needs, everything else optional. */
export const PartnerCreateBody = Type.Object({ kind: Kind, ...partnerProperties }, strict);

/** The body of PATCH /customers/:id: only the fields to change; `null` clears one. */
export const PartnerPatchBody = Type.Object({ kind: Type.Optional(Kind), ...partnerProperties }, { ...strict, minProperties: 1 });

/** A customer or supplier as the API shows it: the event shape plus the internal notes. */
export const PartnerResponse = Type.Object({ ...CorePartner.properties, notes: nullable(Type.String()) });

export const PartnerIdParams = Type.Object({ id: Uuid }, strict);

const Cursor = Type.String({ maxLength: 500, pattern: '^[A-Za-z0-9_-]+$' });

export const PartnerListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Cursor),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    tag: Type.Optional(Tag),
    archived: Type.Union([Type.Literal('false'), Type.Literal('true'), Type.Literal('all')], { default: 'false' }),
  },
  strict,
);

export const PartnerList = Type.Object({ items: Type.Array(PartnerResponse), next_cursor: nullable(Type.String()) });

export const HistoryQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), cursor: Type.Optional(Cursor) }, strict);
