import Type from 'typebox';

export const AccountNumber = Type.String({ pattern: '^[0-9]{4,8}$', description: 'Four to eight digits, e.g. "8400".' });
export const TaxCodeName = Type.String({ pattern: '^[A-Za-z0-9_]{1,16}$' });
export const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
// Amounts are strings; their digits are checked in code so that every malformed amount gets its own message.
export const AmountText = Type.String({ maxLength: 40, description: 'A decimal string with a dot and up to two decimals, e.g. "119.00".' });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * Options of a request body that refuses unknown fields. The service kit's validator strips properties that
 * `additionalProperties: false` forbids; a never-matching schema makes it refuse them instead, so a typo such
 * as "taxcode" is answered with 400 rather than posted without the field.
 */
export const STRICT = { additionalProperties: Type.Never() } as const;

export const ListQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  cursor: Type.Optional(Type.String({ maxLength: 500, pattern: '^[A-Za-z0-9_-]+$' })),
};

/** The year in a path: `/fiscal-years/2026`. */
export const YearParams = Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 9999 }) }, STRICT);

export const AccountTypeSchema = Type.Union([
  Type.Literal('asset'),
  Type.Literal('liability'),
  Type.Literal('equity'),
  Type.Literal('revenue'),
  Type.Literal('expense'),
]);
export const ChartSchema = Type.Union([Type.Literal('SKR03'), Type.Literal('SKR04')]);
export const TaxCodeKindSchema = Type.Union([
  Type.Literal('output'),
  Type.Literal('input'),
  Type.Literal('intra_eu_acquisition'),
  Type.Literal('reverse_charge'),
  Type.Literal('exempt'),
]);
