import { Decimal } from 'decimal.js';
import type { Price } from './deployment.js';

const MILLION = new Decimal(1_000_000);
const NANO_PER_EUR = new Decimal(1_000_000_000);

export interface TokenCount {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** The exact cost of a call in EUR: tokens times the price per million. */
export function callCostEur(price: Price, tokens: TokenCount): Decimal {
  const input = new Decimal(price.inputEurPerMillion).times(tokens.inputTokens);
  const output = new Decimal(price.outputEurPerMillion).times(tokens.outputTokens);
  return input.plus(output).dividedBy(MILLION);
}

/**
 * A cost in whole nano-euros (10⁻⁹ EUR), rounded up: the unit of the budget counters, which must be integers to
 * stay exact in Redis and in Lua. Rounding up errs towards the budget, by less than a nano-euro per call.
 */
export function toNanoEur(cost: Decimal): number {
  return cost.times(NANO_PER_EUR).ceil().toNumber();
}

/** An amount of nano-euros as a decimal EUR string. */
export function nanoEurToEur(nano: number): string {
  return new Decimal(nano).dividedBy(NANO_PER_EUR).toFixed();
}

/** A money amount for JSON: a plain decimal string without exponent or trailing zeros. */
export function formatEur(amount: Decimal | string): string {
  return new Decimal(amount).toFixed();
}
