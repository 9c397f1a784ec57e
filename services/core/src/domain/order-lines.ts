import { LINE_NET_MAX } from './document-totals.js';
import type { FieldError } from './partner-rules.js';
import { quantityProblem } from './stock.js';
import { Exact } from './stock-decimal.js';

/** A quantity a client asks for on one line of a document (a delivery, a receipt, an invoice, a credit note). */
export interface LineQuantityInput {
  readonly line_no: number;
  readonly quantity: string;
}

/** A line of a document and how much of it is still open for the step at hand. */
export interface OpenLine {
  readonly line_no: number;
  readonly unit: string;
  /** What the step may still take, e.g. ordered minus delivered; a decimal string. */
  readonly open: string;
}

export interface PlannedQuantity {
  readonly line_no: number;
  readonly quantity: string;
}

/** Why a quantity in `unit` cannot be on a line; `undefined` if it can. */
export function lineQuantityProblem(quantity: string, unit: string | undefined): string | undefined {
  return quantityProblem(quantity, unit);
}

/** Why a line's net amount is too large for a document; `undefined` if it fits. */
export function lineNetProblem(netAmount: string): string | undefined {
  return new Exact(netAmount).greaterThan(LINE_NET_MAX)
    ? `gives a net amount of ${netAmount}, more than one line may carry (${LINE_NET_MAX.toFixed(2)}).`
    : undefined;
}

function openProblem(line: OpenLine, quantity: string, verb: string): string | undefined {
  const problem = quantityProblem(quantity, line.unit);
  if (problem) return problem;
  if (new Exact(quantity).greaterThan(line.open)) return `is more than the ${line.open} ${line.unit} of line ${line.line_no} still to be ${verb}.`;
  return undefined;
}

/**
 * The quantities a step takes per line: those the client names (each line once, more than 0, at most what is
 * open), or, when it names none, everything open. `pointer` is where the client's list is, e.g. `/lines`;
 * `verb` completes "still to be …" in messages. An empty plan means there is nothing left to take.
 */
export function planLineQuantities(
  lines: readonly OpenLine[],
  requested: readonly LineQuantityInput[] | undefined,
  pointer: string,
  verb: string,
): { items: PlannedQuantity[] } | { errors: FieldError[] } {
  if (requested === undefined) {
    return { items: lines.filter((line) => new Exact(line.open).greaterThan(0)).map((line) => ({ line_no: line.line_no, quantity: line.open })) };
  }
  const errors: FieldError[] = [];
  const seen = new Set<number>();
  requested.forEach((item, index) => {
    const line = lines.find((candidate) => candidate.line_no === item.line_no);
    if (!line) errors.push({ pointer: `${pointer}/${index}/line_no`, detail: `names no line of this document (line ${item.line_no}).` });
    else if (seen.has(item.line_no)) errors.push({ pointer: `${pointer}/${index}/line_no`, detail: `names line ${item.line_no} a second time.` });
    else {
      const problem = openProblem(line, item.quantity, verb);
      if (problem) errors.push({ pointer: `${pointer}/${index}/quantity`, detail: problem });
    }
    seen.add(item.line_no);
  });
  if (errors.length > 0) return { errors };
  return { items: requested.map((item) => ({ line_no: item.line_no, quantity: new Exact(item.quantity).toFixed() })) };
}

/** `a − b` of two decimal strings, as plain text. */
export function minus(a: string, b: string): string {
  return new Exact(a).minus(b).toFixed();
}

/** `a + b` of two decimal strings, as plain text. */
export function plus(a: string, b: string): string {
  return new Exact(a).plus(b).toFixed();
}

/** Whether two decimal strings are the same number ("2.50" and "2.5" are). */
export function sameDecimal(a: string, b: string): boolean {
  return new Exact(a).equals(b);
}
