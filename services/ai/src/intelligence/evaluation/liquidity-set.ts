import { Decimal } from 'decimal.js';
import type { BankMovement } from '../forecasting/recurring.js';
import { counterpartyKey } from '../text/normalise.js';
import { BANK_ACCOUNT } from './company-catalogue.js';
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
const FIRST_MONTH = '2021-01';
const MONTHS = 48;
const AS_OF = '2024-12-31';
const OPENING_BALANCE = '120000.00';
/** Customers pay often enough that the company roughly breaks even over a year. */
const CUSTOMER_PAYMENTS_PER_MONTH = 5;

/**
 * The bank movements of the synthetic company over four years: seasonal customer payments, payroll at month
 * end, rent early in the month, VAT and wage tax on the 10th, suppliers paid 10 to 30 days after their
 * invoices, and everyday card payments.
 */
export function generateLiquiditySet(seed = LIQUIDITY_SET_SEED): LiquiditySet {
  const random = createRandom(seed);
  const counterparties = knownCounterparties(random).map((counterparty) =>
    counterparty.category.name === 'customers'
      ? { ...counterparty, category: { ...counterparty.category, perMonth: CUSTOMER_PAYMENTS_PER_MONTH } }
      : counterparty,
  );
  const movements = ordinaryPostings(counterparties, FIRST_MONTH, MONTHS, random)
    .filter((posting) => posting.date <= AS_OF && (posting.debit === BANK_ACCOUNT || posting.credit === BANK_ACCOUNT))
    .map((posting) => ({
      date: posting.date,
      amount: Number(posting.debit === BANK_ACCOUNT ? posting.amount : `-${posting.amount}`),
      counterAccount: posting.debit === BANK_ACCOUNT ? posting.credit : posting.debit,
      counterparty: counterpartyKey(posting.description),
    }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.amount - b.amount);
  const closing = movements.reduce((balance, movement) => balance.plus(movement.amount.toFixed(2)), new Decimal(OPENING_BALANCE));
  return { seed, asOf: AS_OF, closingBalance: closing.toFixed(2), movements };
}
