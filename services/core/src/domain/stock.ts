import type { FieldError } from './partner-rules.js';
import type { Money } from './product.js';
import { Exact, toText } from './stock-decimal.js';

export type MovementKind = 'receipt' | 'issue' | 'transfer' | 'adjustment' | 'return';
export type ReservationStatus = 'active' | 'released' | 'consumed';

export const MOVEMENT_KINDS: readonly MovementKind[] = ['receipt', 'issue', 'transfer', 'adjustment', 'return'];

/** A place as a client names it: a warehouse, and a location of it or (left out) its default location. */
export interface PlaceInput {
  warehouse_id: string;
  location_id?: string | undefined;
}

/** A place after resolving: both ids. */
export interface Place {
  warehouse_id: string;
  location_id: string;
}

/** What a movement refers to: free text, and/or a document of another part of the system. */
export interface StockReference {
  text: string | null;
  type: string | null;
  id: string | null;
}

/** A movement as a client asks for it. */
export interface MovementInput {
  kind: MovementKind;
  product_id: string;
  quantity: string;
  from?: PlaceInput | undefined;
  to?: PlaceInput | undefined;
  unit_cost?: Money | undefined;
  reason?: string | undefined;
  reference?: { text?: string | undefined; type?: string | undefined; id?: string | undefined } | undefined;
}

/** A movement of the ledger as the API and `erp.core.stock.moved.v1` show it. */
export interface StockMovement {
  id: string;
  kind: MovementKind;
  product_id: string;
  quantity: string;
  unit: string;
  from: Place | null;
  to: Place | null;
  unit_cost: Money | null;
  value: Money;
  reason: string | null;
  reference: StockReference | null;
  reservation_id: string | null;
  actor_id: string | null;
  at: string;
}

/** Stock of a product at one location. */
export interface StockLevel {
  product_id: string;
  warehouse_id: string;
  location_id: string;
  on_hand: string;
  reserved: string;
  available: string;
  incoming: string;
  updated_at: string;
}

// Units of things that are counted, not measured: 1.5 pieces cannot be taken from a shelf.
const COUNTED_UNITS = new Set(['C62', 'SET', 'PR']);

/** Whether the movement puts stock into `to` and takes it out of `from`, by kind. */
const PLACES: Record<Exclude<MovementKind, 'adjustment'>, { from: boolean; to: boolean }> = {
  receipt: { from: false, to: true },
  return: { from: false, to: true },
  issue: { from: true, to: false },
  transfer: { from: true, to: true },
};

/** Why a quantity in `unit` (unknown while the product is) is not one that can be moved or reserved; `undefined` if it can. */
export function quantityProblem(quantity: string, unit: string | undefined): string | undefined {
  const amount = new Exact(quantity);
  if (!amount.greaterThan(0)) return 'must be more than 0.';
  if (unit !== undefined && COUNTED_UNITS.has(unit) && !amount.isInteger()) return `must be a whole number: the product is counted in ${unit}.`;
  return undefined;
}

function placeErrors(kind: MovementKind, input: MovementInput): FieldError[] {
  if (kind === 'adjustment') {
    return (input.from === undefined) === (input.to === undefined)
      ? [{ pointer: '/from', detail: 'an adjustment names either `from` (stock found missing) or `to` (stock found), not both or neither.' }]
      : [];
  }
  const errors: FieldError[] = [];
  for (const side of ['from', 'to'] as const) {
    const needed = PLACES[kind][side];
    if (needed && input[side] === undefined) errors.push({ pointer: `/${side}`, detail: `is required for a ${kind}.` });
    if (!needed && input[side] !== undefined) errors.push({ pointer: `/${side}`, detail: `is not part of a ${kind}.` });
  }
  return errors;
}

/** Whether the movement brings stock in from outside (and so carries a unit cost). */
export function isInflow(kind: MovementKind, hasTo: boolean, hasFrom: boolean): boolean {
  return kind !== 'transfer' && hasTo && !hasFrom;
}

function costErrors(input: MovementInput): FieldError[] {
  const inflow = isInflow(input.kind, input.to !== undefined, input.from !== undefined);
  if (input.kind === 'receipt' && input.unit_cost === undefined) return [{ pointer: '/unit_cost', detail: 'is required for a receipt.' }];
  if (!inflow && input.unit_cost !== undefined)
    return [{ pointer: '/unit_cost', detail: 'belongs to stock coming in only; an outflow is valued by the valuation method.' }];
  return [];
}

/** Every rule a movement breaks that needs no database; empty if none. */
export function checkMovement(input: MovementInput, unit: string | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const problem = quantityProblem(input.quantity, unit);
  if (problem) errors.push({ pointer: '/quantity', detail: problem });
  errors.push(...placeErrors(input.kind, input), ...costErrors(input));
  if (input.kind === 'adjustment' && !input.reason?.trim())
    errors.push({ pointer: '/reason', detail: 'is required for an adjustment, so the count can be audited.' });
  const reference = input.reference;
  if (reference && (reference.type === undefined) !== (reference.id === undefined))
    errors.push({ pointer: '/reference', detail: '`type` and `id` go together: name both or neither.' });
  return errors;
}

/** The movement's reference as stored, or `null` without any. */
export function toReference(input: MovementInput['reference']): StockReference | null {
  const text = input?.text?.trim() || null;
  const type = input?.type ?? null;
  const id = input?.id ?? null;
  return text === null && type === null ? null : { text, type, id };
}

/** A location's stock as allocation sees it. */
export interface AllocatableLevel {
  location_id: string;
  available: string;
  is_default: boolean;
  code: string;
}

export interface Allocation {
  location_id: string;
  quantity: string;
}

/**
 * Splits `quantity` over the locations' available stock: the default location first, then by code, each
 * as far as it goes. `undefined` if all of them together hold less.
 */
export function allocate(levels: readonly AllocatableLevel[], quantity: string): Allocation[] | undefined {
  const ordered = [...levels].sort(
    (a, b) => Number(b.is_default) - Number(a.is_default) || a.code.localeCompare(b.code) || a.location_id.localeCompare(b.location_id),
  );
  let open = new Exact(quantity);
  const allocations: Allocation[] = [];
  for (const level of ordered) {
    if (open.isZero()) break;
    const take = Exact.min(open, Exact.max(new Exact(level.available), 0));
    if (take.isZero()) continue;
    allocations.push({ location_id: level.location_id, quantity: toText(take) });
    open = open.minus(take);
  }
  return open.isZero() ? allocations : undefined;
}

/** The total available of the levels. */
export function totalAvailable(levels: readonly { available: string }[]): string {
  return toText(levels.reduce((total, level) => total.plus(level.available), new Exact(0)));
}

/**
 * Whether a product is below its reorder point after a movement, and whether that is news: the event goes
 * out once per crossing, when the quantity falls below the point while it was not below before; rising to
 * the point or above ends the crossing. Without a reorder point nothing is ever below it.
 */
export function reorderCrossing(wasBelow: boolean, quantity: string, reorderPoint: string | null): { below: boolean; crossed: boolean } {
  const below = reorderPoint !== null && new Exact(quantity).lessThan(reorderPoint);
  return { below, crossed: below && !wasBelow };
}

/** Stock held for a reference (e.g. a sales order line), as the API shows it. */
export interface StockReservation {
  id: string;
  product_id: string;
  warehouse_id: string;
  quantity: string;
  reference: { type: string; id: string };
  status: ReservationStatus;
  allocations: Allocation[];
  actor_id: string | null;
  created_at: string;
  closed_at: string | null;
  closed_by: string | null;
}

/** A reservation as another part of the service (or a client) asks for it. */
export interface ReservationRequest {
  productId: string;
  warehouseId: string;
  locationId?: string | undefined;
  quantity: string;
  reference: { type: string; id: string };
}

const REFERENCE_TYPE = /^[a-z][a-z0-9_.-]{0,49}$/;
const REFERENCE_ID = /^\P{Cc}{1,100}$/u;

/** Every rule a reservation request breaks that needs no database (the routes' schema checks the same forms); empty if none. */
export function checkReservation(request: ReservationRequest, unit: string | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const quantity = /^(0|[1-9]\d{0,11})(\.\d{1,3})?$/.test(request.quantity)
    ? quantityProblem(request.quantity, unit)
    : 'must be a decimal string with at most three places.';
  if (quantity) errors.push({ pointer: '/quantity', detail: quantity });
  if (!REFERENCE_TYPE.test(request.reference.type))
    errors.push({ pointer: '/reference/type', detail: 'must be lower case letters, digits, . _ -, starting with a letter, e.g. sales_order_line.' });
  if (!REFERENCE_ID.test(request.reference.id)) errors.push({ pointer: '/reference/id', detail: 'must be one line of 1 to 100 characters.' });
  return errors;
}
