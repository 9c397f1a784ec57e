import type { CoreDocumentTotals, CoreTaxCategory, ProblemFieldError } from '@erp/contracts';
import { InvalidEventError, UnknownTaxCodeError, withFieldErrors } from '../errors.js';
import { type DocumentDirection, taxCodeForCategory } from './automatic-posting-tax.js';
import type { TaxCode } from './chart.js';
import { Money, sum, ZERO } from './money.js';
import { taxOfNet } from './tax-lines.js';

/** What a taxed document line contributes to its tax group. */
export interface TaxedLine {
  readonly net_amount: string;
  readonly vat_rate: string;
  readonly tax_category: CoreTaxCategory;
}

/** One tax category and rate of a document, checked against its lines and the chart. */
export interface TaxGroup {
  readonly category: CoreTaxCategory;
  readonly rate: Money;
  /** The finance tax code; null for an untaxed purchase. */
  readonly taxCode: TaxCode | null;
  readonly base: Money;
  /** The tax the document states (what the partner is charged). */
  readonly statedTax: Money;
  /** The tax to post: the stated tax, or for reverse charge and acquisitions the tax the buyer owes itself. */
  readonly tax: Money;
  /** Indexes of the document's lines in this group. */
  readonly lineIndexes: readonly number[];
}

const keyOf = (category: string, rate: string) => `${category}/${new Money(rate).toFixed(2)}`;
const CENT = new Money('0.01');

interface GroupContext {
  direction: DocumentDirection;
  partnerCountry: string;
  findTaxCode: (code: string) => TaxCode | undefined;
  problems: ProblemFieldError[];
  unknownCodes: ProblemFieldError[];
}

function resolveCode(context: GroupContext, category: CoreTaxCategory, rate: string, pointer: string): TaxCode | null | undefined {
  const choice = taxCodeForCategory(context.direction, category, rate, context.partnerCountry);
  if ('problem' in choice) {
    context.problems.push({ pointer: `${pointer}/rate`, detail: choice.problem });
    return undefined;
  }
  if (choice.code === null) return null;
  const taxCode = context.findTaxCode(choice.code);
  if (!taxCode) context.unknownCodes.push({ pointer: `${pointer}/tax_category`, detail: `The chart has no tax code ${choice.code}.` });
  return taxCode;
}

function taxToPost(context: GroupContext, taxCode: TaxCode | null, base: Money, stated: Money, lines: number, pointer: string): Money {
  const kind = taxCode?.kind ?? 'exempt';
  if (kind === 'output' || kind === 'input') {
    const computed = taxOfNet(base, new Money(taxCode?.rate ?? 0));
    // Rounding per line may move the stated tax by up to a cent a line from the tax on the whole base.
    if (stated.minus(computed).abs().greaterThan(CENT.times(lines)) || (base.isZero() && !stated.isZero())) {
      context.problems.push({
        pointer: `${pointer}/tax`,
        detail: `The tax ${stated.toFixed(2)} does not fit ${base.toFixed(2)} at ${taxCode?.rate} % (${computed.toFixed(2)}).`,
      });
    }
    return stated;
  }
  if (!stated.isZero()) context.problems.push({ pointer: `${pointer}/tax`, detail: 'This category charges no tax; its tax must be 0.00.' });
  return kind === 'exempt' ? ZERO : taxOfNet(base, new Money(taxCode?.rate ?? 0));
}

function checkTotals(totals: CoreDocumentTotals, problems: ProblemFieldError[]): void {
  const net = sum(totals.tax.map((row) => new Money(row.base)));
  const tax = sum(totals.tax.map((row) => new Money(row.tax)));
  if (!net.equals(totals.net)) problems.push({ pointer: '/data/totals/net', detail: `The tax bases add up to ${net.toFixed(2)}, not ${totals.net}.` });
  if (!tax.equals(totals.tax_total))
    problems.push({ pointer: '/data/totals/tax_total', detail: `The taxes add up to ${tax.toFixed(2)}, not ${totals.tax_total}.` });
  const gross = new Money(totals.net).plus(totals.tax_total);
  if (!gross.equals(totals.gross)) problems.push({ pointer: '/data/totals/gross', detail: `Net plus tax is ${gross.toFixed(2)}, not ${totals.gross}.` });
  if (new Money(totals.gross).isZero()) problems.push({ pointer: '/data/totals/gross', detail: 'A document of 0.00 has nothing to book.' });
}

/**
 * Checks a document's lines against its VAT breakdown and totals and resolves each breakdown row to a finance
 * tax code. Each line must fall into a row of its category and rate, the lines' net amounts must add up to the
 * row's base, the bases and taxes to the totals, and each row's tax must fit its base and rate. Throws
 * FIN_INVALID_EVENT naming every inconsistent field, or FIN_UNKNOWN_TAX_CODE when the chart lacks a code.
 */
export function toTaxGroups(
  document: { lines: readonly TaxedLine[]; totals: CoreDocumentTotals },
  direction: DocumentDirection,
  partnerCountry: string,
  findTaxCode: (code: string) => TaxCode | undefined,
): TaxGroup[] {
  const context: GroupContext = { direction, partnerCountry, findTaxCode, problems: [], unknownCodes: [] };
  const rows = new Map<string, number>();
  document.totals.tax.forEach((row, index) => {
    const key = keyOf(row.tax_category, row.rate);
    if (rows.has(key)) context.problems.push({ pointer: `/data/totals/tax/${index}`, detail: `A second row for ${row.tax_category} at ${row.rate} %.` });
    else rows.set(key, index);
  });
  const lineIndexes = new Map<number, number[]>();
  document.lines.forEach((line, index) => {
    const row = rows.get(keyOf(line.tax_category, line.vat_rate));
    if (row === undefined)
      context.problems.push({ pointer: `/data/lines/${index}`, detail: `No row of totals.tax has ${line.tax_category} at ${line.vat_rate} %.` });
    else lineIndexes.set(row, [...(lineIndexes.get(row) ?? []), index]);
  });
  const groups = document.totals.tax.flatMap((row, index): TaxGroup[] => {
    const pointer = `/data/totals/tax/${index}`;
    const indexes = lineIndexes.get(index) ?? [];
    const base = sum(indexes.map((line) => new Money(document.lines[line]?.net_amount ?? 0)));
    if (!base.equals(row.base))
      context.problems.push({ pointer: `${pointer}/base`, detail: `Its lines' net amounts add up to ${base.toFixed(2)}, not ${row.base}.` });
    const taxCode = resolveCode(context, row.tax_category, row.rate, pointer);
    if (taxCode === undefined) return [];
    const statedTax = new Money(row.tax);
    const tax = taxToPost(context, taxCode, base, statedTax, Math.max(1, indexes.length), pointer);
    return [{ category: row.tax_category, rate: new Money(row.rate), taxCode, base, statedTax, tax, lineIndexes: indexes }];
  });
  checkTotals(document.totals, context.problems);
  if (context.problems.length > 0) throw withFieldErrors(InvalidEventError, context.problems, context.problems.length);
  if (context.unknownCodes.length > 0) throw withFieldErrors(UnknownTaxCodeError, context.unknownCodes, context.unknownCodes.length);
  return groups;
}
