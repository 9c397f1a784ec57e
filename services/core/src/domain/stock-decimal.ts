import { Decimal } from 'decimal.js';

/**
 * Exact decimal arithmetic for quantities and cost values: 50 significant digits (a quantity below 10^12
 * with three places times a unit cost below 10^11 with four needs 30) and half-up rounding, in a clone so
 * that no other user of decimal.js is affected. Nothing passes through a binary float.
 */
export const Exact = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });
export type Exact = InstanceType<typeof Exact>;

/** Cost values and unit costs keep four places, rounded half up. */
export const COST_PLACES = 4;

/** A decimal as the API and the database write it: no exponent, no trailing zeros ("2.50" becomes "2.5"). */
export function toText(value: Exact): string {
  return value.toFixed();
}

/** `value` rounded half up to four places, as text. */
export function toCost(value: Exact): string {
  return value.toDecimalPlaces(COST_PLACES).toFixed();
}

export function sum(values: readonly string[]): Exact {
  return values.reduce((total, value) => total.plus(value), new Exact(0));
}
