import { Decimal } from 'decimal.js';
import type { BankMovement } from '../forecasting/recurring.js';
import { addMonths } from '../statistics/dates.js';
import { counterpartyKey } from '../text/normalise.js';
import { BANK_ACCOUNT, type Category } from './company-catalogue.js';
import { createRandom } from './random.js';
import { knownCounterparties, ordinaryPostings } from './synthetic-ledger.js';

/** A synthetic bank account history: the movements of four years and the balance at their end. */
export interface LiquiditySet {
  readonly seed: number;
  readonly asOf: string;
  /** Exact balance at the end of `asOf`. */
  readonly closingBalance: string;
  readonly movements: readonly BankMovement[];
}

export const LIQUIDITY_SET_SEED = 1_949;
export const LIQUIDITY_FIRST_MONTH = '2021-01';
const MONTHS = 48;
export const LIQUIDITY_AS_OF = '2024-12-31';
const OPENING_BALANCE = '120000.00';
/**
 * The month before the history is simulated too, from its own random stream, for the payments it leaves to
 * January: a going concern receives its December customers' payments and pays its December suppliers in
 * January. Its own stream keeps every later draw as it would be without it.
 */
const WARM_UP_SEED_OFFSET = 0x5eed;
/** Customers pay often enough that the company roughly breaks even over a year. */
const CUSTOMER_PAYMENTS_PER_MONTH = 5;

/** A category of the catalogue as the liquidity set's company has it: its customers pay more often. */
export const liquidityCategory = (category: Category): Category =>
  category.name === 'customers' ? { ...category, perMonth: CUSTOMER_PAYMENTS_PER_MONTH } : category;

/**
 * The bank movements of the synthetic company over four years: seasonal customer payments, payroll at month
 * end, rent early in the month, VAT and wage tax on the 10th, suppliers paid 10 to 30 days after their
 * invoices, and everyday card payments.
 */
export function generateLiquiditySet(seed = LIQUIDITY_SET_SEED): LiquiditySet {
  const random = createRandom(seed);
  const counterparties = knownCounterparties(random).map((counterparty) => ({ ...counterparty, category: liquidityCategory(counterparty.category) }));
  const warmUp = ordinaryPostings(counterparties, addMonths(LIQUIDITY_FIRST_MONTH, -1), 1, createRandom(seed + WARM_UP_SEED_OFFSET));
  const movements = [...warmUp, ...ordinaryPostings(counterparties, LIQUIDITY_FIRST_MONTH, MONTHS, random)]
    .filter(
      (posting) =>
        posting.date >= `${LIQUIDITY_FIRST_MONTH}-01` && posting.date <= LIQUIDITY_AS_OF && (posting.debit === BANK_ACCOUNT || posting.credit === BANK_ACCOUNT),
    )
    .map((posting) => ({
      date: posting.date,
      amount: Number(posting.debit === BANK_ACCOUNT ? posting.amount : `-${posting.amount}`),
      counterAccount: posting.debit === BANK_ACCOUNT ? posting.credit : posting.debit,
      counterparty: counterpartyKey(posting.description),
    }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.amount - b.amount);
  const closing = movements.reduce((balance, movement) => balance.plus(movement.amount.toFixed(2)), new Decimal(OPENING_BALANCE));
  return { seed, asOf: LIQUIDITY_AS_OF, closingBalance: closing.toFixed(2), movements };
}
