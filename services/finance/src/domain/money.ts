import type { Decimal as DecimalClass } from 'decimal.js';
import DecimalExport from 'decimal.js';

// decimal.js ships its ES module with a default export only, but its types describe CommonJS; this cast
// gives the default export the class type it has at run time.
const Decimal = DecimalExport as unknown as typeof DecimalClass;

/**
 * Decimal arithmetic for money: 40 significant digits and half-up rounding (kaufmännisches Runden), in a
 * clone so that no other user of decimal.js is affected. Amounts never pass through a binary float.
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = InstanceType<typeof Money>;

export const ZERO = new Money(0);

/** The largest amount a numeric(18,2) column holds. */
const AMOUNT_MAX = new Money('9999999999999999.99');
const AMOUNT_PATTERN = /^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$/;
const RATE_PATTERN = /^(0|[1-9][0-9]{0,7})(\.[0-9]{1,6})?$/;

/** Why a string is not an amount, in words a user can act on. */
export type AmountProblem = 'format' | 'zero' | 'too-large';

/**
 * Reads an amount such as "119.00" or "5": digits, an optional dot and at most two decimals, positive.
 * Comma decimals ("1,5"), exponents ("1e3"), signs and a third decimal are refused, never guessed at.
 */
export function parseAmount(text: string): Money | AmountProblem {
  if (!AMOUNT_PATTERN.test(text)) return 'format';
  const amount = new Money(text);
  if (amount.isZero()) return 'zero';
  return amount.greaterThan(AMOUNT_MAX) ? 'too-large' : amount;
}

/** The sentence for an amount problem, naming the value the client sent. */
export function describeAmountProblem(text: string, problem: AmountProblem): string {
  switch (problem) {
    case 'zero':
      return 'The amount must be greater than zero; leave the other side empty instead.';
    case 'too-large':
      return `"${text}" exceeds the largest amount, 9999999999999999.99.`;
    default:
      return `"${text}" is not an amount: write digits with a dot and at most two decimals, e.g. "1.50".`;
  }
}

/** Reads an exchange rate (units of the entry's currency per euro): up to six decimals, positive. */
export function parseRate(text: string): Money | undefined {
  if (!RATE_PATTERN.test(text)) return undefined;
  const rate = new Money(text);
  return rate.isZero() ? undefined : rate;
}

/** Rounds half-up to cents, the rule for every amount the ledger stores. */
export function toCents(value: Money): Money {
  return value.toDecimalPlaces(2, Money.ROUND_HALF_UP);
}

/** The canonical text of an amount, as numeric(18,2) prints it: "119.00". */
export function formatAmount(value: Money): string {
  return value.toFixed(2);
}

/** The canonical text of an exchange rate, as numeric(14,6) prints it: "1.085600". */
export function formatRate(value: Money): string {
  return value.toFixed(6);
}

/** Sums amounts exactly. */
export function sum(values: readonly Money[]): Money {
  return values.reduce((total, value) => total.plus(value), ZERO);
}
