import { LINE_NET_MAX, lineNet, toPlain } from './document-totals.js';
import type { FieldError } from './partner-rules.js';
import type { Product } from './product.js';
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

/** A line as a client writes it on a new order: a product and a quantity, optionally a price and a text. */
export interface NewLineInput {
  readonly product_id: string;
  readonly quantity: string;
  readonly description?: string | undefined;
}

/** What every new order line has, whatever the document. */
export interface BaseOrderLine {
  line_no: number;
  id: string;
  product_id: string;
  sku: string;
  description: string;
  unit: string;
  quantity: string;
  unit_price: string;
  net_amount: string;
}

/** What a kind of document decides about its new lines; {@link buildOrderLines} does the rest. */
export interface NewLineRules<Input extends NewLineInput, Line> {
  /** Everything wrong with the line except its price, with pointers below `pointer`; `product` undefined if unknown. */
  problems(input: Input, product: Product | undefined, pointer: string): FieldError[];
  /** The unit price the line gets, or why it has none. */
  unitPrice(input: Input, product: Product, pointer: string): string | FieldError;
  /** The line's discount in percent, a plain decimal; "0" for documents without discounts. */
  discountPercent(input: Input): string;
  /** The document's own line from the common part (tax treatment, progress counters). */
  complete(base: BaseOrderLine, input: Input, product: Product, discountPercent: string): Line;
}

/**
 * The lines of a new order, numbered from 1: each names a product of the tenant; the unit price comes from the
 * rules, the description defaults to the product's name, the net amount must fit a line. Every broken rule is
 * returned at once, with a pointer into the client's `lines`.
 */
export function buildOrderLines<Input extends NewLineInput, Line>(
  inputs: readonly Input[],
  products: ReadonlyMap<string, Product>,
  rules: NewLineRules<Input, Line>,
  newId: () => string,
): { lines: Line[] } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const lines: Line[] = [];
  inputs.forEach((input, index) => {
    const pointer = `/lines/${index}`;
    const product = products.get(input.product_id);
    const problems = rules.problems(input, product, pointer);
    const unitPrice = product ? rules.unitPrice(input, product, pointer) : undefined;
    if (typeof unitPrice === 'object') problems.push(unitPrice);
    if (problems.length > 0 || !product || typeof unitPrice !== 'string') {
      errors.push(...problems);
      return;
    }
    const discountPercent = rules.discountPercent(input);
    const netAmount = lineNet({ quantity: input.quantity, unitPrice, discountPercent });
    const tooLarge = lineNetProblem(netAmount);
    if (tooLarge) errors.push({ pointer: `${pointer}/quantity`, detail: tooLarge });
    const base: BaseOrderLine = {
      line_no: index + 1,
      id: newId(),
      product_id: product.id,
      sku: product.sku,
      description: input.description?.trim() || product.name,
      unit: product.unit,
      quantity: toPlain(input.quantity),
      unit_price: unitPrice,
      net_amount: netAmount,
    };
    lines.push(rules.complete(base, input, product, discountPercent));
  });
  return errors.length > 0 ? { errors } : { lines };
}
