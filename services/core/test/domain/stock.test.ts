import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, checkMovement, checkReservation, type MovementInput, quantityProblem, reorderCrossing, toReference } from '../../src/domain/stock.js';
import { Exact } from '../../src/domain/stock-decimal.js';

const PLACE = { warehouse_id: 'w' };
const EUR = (amount: string) => ({ amount, currency: 'EUR' });

function movement(overrides: Partial<MovementInput>): MovementInput {
  return { kind: 'receipt', product_id: 'p', quantity: '1', to: PLACE, unit_cost: EUR('1'), ...overrides };
}

function pointers(input: MovementInput, unit = 'C62'): string[] {
  return checkMovement(input, unit).map((error) => error.pointer);
}

describe('checkMovement', () => {
  it.each([
    ['a receipt with a place to and a unit cost', movement({})],
    ['an issue from a place', movement({ kind: 'issue', to: undefined, from: PLACE, unit_cost: undefined })],
    ['a transfer from and to places', movement({ kind: 'transfer', from: PLACE, unit_cost: undefined })],
    ['an adjustment down with a reason', movement({ kind: 'adjustment', to: undefined, from: PLACE, unit_cost: undefined, reason: 'Inventur' })],
    ['an adjustment up without its own cost', movement({ kind: 'adjustment', unit_cost: undefined, reason: 'Inventur' })],
    ['a return without its own cost', movement({ kind: 'return', unit_cost: undefined })],
    ['half a kilogram', movement({ quantity: '0.5' })],
  ])('should accept %s', (_case, input) => {
    expect(pointers(input, input.quantity === '0.5' ? 'KGM' : 'C62')).toEqual([]);
  });

  it.each([
    ['a quantity of zero', movement({ quantity: '0' }), '/quantity'],
    ['half a piece', movement({ quantity: '0.5' }), '/quantity'],
    ['a receipt without a place to', movement({ to: undefined }), '/to'],
    ['a receipt from a place', movement({ from: PLACE }), '/from'],
    ['a receipt without a unit cost', movement({ unit_cost: undefined }), '/unit_cost'],
    ['an issue into a place', movement({ kind: 'issue', from: PLACE, unit_cost: undefined }), '/to'],
    ['an issue with a unit cost', movement({ kind: 'issue', to: undefined, from: PLACE }), '/unit_cost'],
    ['a transfer without a place from', movement({ kind: 'transfer', unit_cost: undefined }), '/from'],
    ['a transfer with a unit cost', movement({ kind: 'transfer', from: PLACE }), '/unit_cost'],
    ['an adjustment both ways', movement({ kind: 'adjustment', from: PLACE, unit_cost: undefined, reason: 'x' }), '/from'],
    ['an adjustment without a reason', movement({ kind: 'adjustment', unit_cost: undefined }), '/reason'],
    ['an adjustment with a blank reason', movement({ kind: 'adjustment', unit_cost: undefined, reason: '  ' }), '/reason'],
    ['a reference type without id', movement({ reference: { type: 'sales_order' } }), '/reference'],
  ])('should refuse %s at %s', (_case, input, pointer) => {
    expect(pointers(input)).toContain(pointer);
  });
});

describe('quantityProblem', () => {
  it.each([
    ['1', 'C62', undefined],
    ['1.000', 'PR', undefined],
    ['1.5', 'SET', 'whole number'],
    ['0.001', 'LTR', undefined],
    ['0', 'KGM', 'more than 0'],
  ])('should judge %s %s', (quantity, unit, problem) => {
    const found = quantityProblem(quantity, unit);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});

describe('checkReservation', () => {
  const request = { productId: 'p', warehouseId: 'w', quantity: '2', reference: { type: 'sales_order_line', id: 'A-1/3' } };

  it('should accept a whole quantity and a well-formed reference', () => {
    expect(checkReservation(request, 'C62')).toEqual([]);
  });

  it.each([
    ['a negative quantity', { quantity: '-1' }, '/quantity'],
    ['a quantity with four places', { quantity: '1.0001' }, '/quantity'],
    ['a reference type in capitals', { reference: { type: 'Order', id: '1' } }, '/reference/type'],
    ['a reference type with SQL in it', { reference: { type: "x'; drop table stock_level;--", id: '1' } }, '/reference/type'],
    ['an empty reference id', { reference: { type: 'order', id: '' } }, '/reference/id'],
    ['a reference id with a line break', { reference: { type: 'order', id: 'a\nb' } }, '/reference/id'],
  ])('should refuse %s', (_case, overrides, pointer) => {
    expect(checkReservation({ ...request, ...overrides }, 'C62').map((error) => error.pointer)).toEqual([pointer]);
  });
});

describe('toReference', () => {
  it('should keep text, type and id, and be null without any', () => {
    expect(toReference({ text: ' Lieferschein 1 ', type: 'purchase_order', id: 'B-1' })).toEqual({ text: 'Lieferschein 1', type: 'purchase_order', id: 'B-1' });
    expect(toReference({ text: '  ' })).toBeNull();
    expect(toReference(undefined)).toBeNull();
  });
});

describe('allocate', () => {
  const levels = [
    { location_id: 'b', code: 'B-01', is_default: false, available: '4' },
    { location_id: 'm', code: 'MAIN', is_default: true, available: '3' },
    { location_id: 'a', code: 'A-01', is_default: false, available: '2' },
    { location_id: 'z', code: 'Z-01', is_default: false, available: '0' },
  ];

  it('should take from the default location first, then by code', () => {
    expect(allocate(levels, '6')).toEqual([
      { location_id: 'm', quantity: '3' },
      { location_id: 'a', quantity: '2' },
      { location_id: 'b', quantity: '1' },
    ]);
  });

  it('should take from one location when it is enough', () => {
    expect(allocate(levels, '2.5')).toEqual([{ location_id: 'm', quantity: '2.5' }]);
  });

  it('should allocate nothing when all locations together hold less', () => {
    expect(allocate(levels, '9.001')).toBeUndefined();
  });

  it('should always allocate exactly the quantity, never more than a location has', () => {
    const level = fc.record({
      location_id: fc.uuid(),
      code: fc.string({ minLength: 1, maxLength: 5 }),
      is_default: fc.boolean(),
      available: fc.integer({ min: 0, max: 50 }).map(String),
    });
    fc.assert(
      fc.property(fc.array(level, { maxLength: 8 }), fc.integer({ min: 1, max: 200 }), (generated, wanted) => {
        const unique = generated.filter((item, index) => generated.findIndex((other) => other.location_id === item.location_id) === index);
        const result = allocate(unique, String(wanted));
        const total = unique.reduce((sum, item) => sum + Number(item.available), 0);
        if (total < wanted) {
          expect(result).toBeUndefined();
          return;
        }
        expect(result?.reduce((sum, item) => sum.plus(item.quantity), new Exact(0)).toNumber()).toBe(wanted);
        for (const part of result ?? [])
          expect(Number(part.quantity)).toBeLessThanOrEqual(Number(unique.find((item) => item.location_id === part.location_id)?.available));
      }),
    );
  });
});

describe('reorderCrossing', () => {
  it.each([
    [false, '9', '10', { below: true, crossed: true }],
    [true, '8', '10', { below: true, crossed: false }],
    [true, '10', '10', { below: false, crossed: false }],
    [false, '10', '10', { below: false, crossed: false }],
    [false, '0', null, { below: false, crossed: false }],
    [false, '0.5', '0.501', { below: true, crossed: true }],
  ] as const)('should, when below before was %s, quantity %s and reorder point %s, give %o', (wasBelow, quantity, reorderPoint, expected) => {
    expect(reorderCrossing(wasBelow, quantity, reorderPoint)).toEqual(expected);
  });
});
