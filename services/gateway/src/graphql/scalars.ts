import type { AreaResolvers } from './context.js';

const DECIMAL = /^-?\d{1,30}(\.\d{1,12})?$/;

function toDecimal(value: unknown): string {
  if (typeof value === 'string' && DECIMAL.test(value)) return value;
  // A number may already have lost digits on its way through a binary float, so only text is taken.
  if (typeof value === 'number') throw new TypeError(`Decimal must be a string such as "119.00", not the number ${value}.`);
  throw new TypeError('Decimal must be a string of digits with an optional sign and a dot, such as "119.00".');
}

/**
 * The behaviour of the shared scalars that is more than passing values through: `Decimal` takes and gives only
 * decimal strings, in variables and in query text (`"119.00"`, never `119.0`). Mercurius copies these
 * functions onto the scalar types of the schema.
 */
export const scalarResolvers: AreaResolvers = {
  Decimal: {
    serialize: toDecimal,
    parseValue: toDecimal,
    parseLiteral: (node: { kind: string; value?: string }) => {
      if (node.kind !== 'StringValue') throw new TypeError('Decimal must be written as a string such as "119.00".');
      return toDecimal(node.value);
    },
  },
};
