import type { TaxCode } from './chart.js';
import type { ParsedLine, Side } from './line-checks.js';
import { type Money, Money as MoneyValue, toCents } from './money.js';

/** A ledger line in the entry's currency, before numbering and conversion to euro. */
export interface CurrencyLine {
  /** Index of the client line it comes from. */
  readonly source: number;
  readonly account: string;
  readonly side: Side;
  readonly amount: Money;
  readonly taxCode: string | null;
  /** True for a line the tax code generated. */
  readonly generated: boolean;
  readonly text: string | null;
}

const HUNDRED = new MoneyValue(100);
const opposite = (side: Side): Side => (side === 'debit' ? 'credit' : 'debit');

/** The tax contained in a gross amount, rounded half-up to cents: 119.00 at 19 % holds 19.00. */
export function taxOfGross(gross: Money, ratePercent: Money): Money {
  return toCents(gross.times(ratePercent).dividedBy(HUNDRED.plus(ratePercent)));
}

/** The tax on a net amount, rounded half-up to cents: 100.00 at 19 % owes 19.00. */
export function taxOfNet(net: Money, ratePercent: Money): Money {
  return toCents(net.times(ratePercent).dividedBy(HUNDRED));
}

function taxLine(line: ParsedLine, taxCode: TaxCode, account: string | null, side: Side, amount: Money): CurrencyLine {
  if (account === null) throw new Error(`Tax code ${taxCode.code} has no tax account for its kind ${taxCode.kind}`);
  return { source: line.index, account, side, amount, taxCode: taxCode.code, generated: true, text: line.text };
}

/**
 * Turns a client line into its ledger lines. Rounding is half-up per line, so an entry's tax is the sum of
 * its lines' rounded taxes (as on an invoice that states tax per rate and line). A tax that rounds to 0.00
 * produces no tax line. The result always balances when the input line is taken as balanced against the rest.
 */
export function expandTax(line: ParsedLine): CurrencyLine[] {
  const base: CurrencyLine = {
    source: line.index,
    account: line.account,
    side: line.side,
    amount: line.amount,
    taxCode: null,
    generated: false,
    text: line.text,
  };
  const taxCode = line.taxCode;
  if (!taxCode) return [base];
  const rate = new MoneyValue(taxCode.rate);
  switch (taxCode.kind) {
    case 'exempt':
      return [{ ...base, taxCode: taxCode.code }];
    case 'output':
    case 'input': {
      const tax = taxOfGross(line.amount, rate);
      const net: CurrencyLine = { ...base, amount: line.amount.minus(tax), taxCode: taxCode.code };
      if (tax.isZero()) return [net];
      const account = taxCode.kind === 'output' ? taxCode.outputTaxAccount : taxCode.inputTaxAccount;
      return [net, taxLine(line, taxCode, account, line.side, tax)];
    }
    default: {
      // Reverse charge and intra-EU acquisition: the buyer owes the tax and deducts it in the same return.
      const tax = taxOfNet(line.amount, rate);
      const net: CurrencyLine = { ...base, taxCode: taxCode.code };
      if (tax.isZero()) return [net];
      return [net, taxLine(line, taxCode, taxCode.inputTaxAccount, line.side, tax), taxLine(line, taxCode, taxCode.outputTaxAccount, opposite(line.side), tax)];
    }
  }
}
