import { describe, expect, it } from 'vitest';
import type { ProductFields } from '../../src/domain/product.js';
import { applyProductPatch, diffProduct, productCreationChanges, toNewProductFields, validateProduct } from '../../src/domain/product-rules.js';

const required = {
  sku: ' ABC-1 ',
  name: 'Kabeltrommel 25 m',
  unit: 'c62',
  kind: 'goods',
  net_price: { amount: '39.90', currency: 'eur' },
  vat_rate: '19',
} as const;

function goods(overrides: Partial<ProductFields> = {}): ProductFields {
  return { ...toNewProductFields(required), ...overrides };
}

describe('toNewProductFields', () => {
  it('should trim text, upper-case unit and currency, and default the optional fields', () => {
    expect(toNewProductFields({ ...required, gtin: '4 006381 333931', description: '  ' })).toEqual({
      sku: 'ABC-1',
      name: 'Kabeltrommel 25 m',
      description: null,
      unit: 'C62',
      kind: 'goods',
      net_price: { amount: '39.90', currency: 'EUR' },
      vat_rate: '19',
      gtin: '4006381333931',
      purchase_price: null,
      supplier_id: null,
      reorder_point: null,
      reorder_quantity: null,
      tags: [],
    });
  });
});

describe('applyProductPatch', () => {
  it('should replace named fields, clear those sent as null and keep the rest', () => {
    const next = applyProductPatch(goods({ reorder_point: '5', tags: ['a'] }), { name: 'Neu', reorder_point: null });

    expect(next).toMatchObject({ name: 'Neu', reorder_point: null, tags: ['a'], sku: 'ABC-1' });
  });
});

describe('validateProduct', () => {
  it('should accept a complete goods product', () => {
    expect(validateProduct(goods({ gtin: '4006381333931', reorder_point: '10', reorder_quantity: '50' }))).toEqual([]);
  });

  it.each([
    ['a unit outside the list', { unit: 'XYZ' }, '/unit'],
    ['a GTIN with a wrong check digit', { gtin: '4006381333932' }, '/gtin'],
    ['a GTIN of 11 digits', { gtin: '40063813339' }, '/gtin'],
    ['an unknown currency', { net_price: { amount: '1', currency: 'XXY' } }, '/net_price/currency'],
    ['an unknown purchase currency', { purchase_price: { amount: '1', currency: 'ABC' } }, '/purchase_price/currency'],
    ['the same tag twice, in other case', { tags: ['Bio', 'bio'] }, '/tags'],
    ['a blank name', { name: '' }, '/name'],
    ['a service with a reorder point', { kind: 'service', reorder_point: '1' }, '/reorder_point'],
    ['a service with a GTIN', { kind: 'service', gtin: '4006381333931' }, '/gtin'],
  ] as const)('should refuse %s', (_case, overrides, pointer) => {
    expect(validateProduct(goods(overrides as Partial<ProductFields>)).map((error) => error.pointer)).toContain(pointer);
  });
});

describe('diffProduct and productCreationChanges', () => {
  it('should record each changed field with old and new value', () => {
    expect(diffProduct(goods(), goods({ vat_rate: '7', net_price: { amount: '37.38', currency: 'EUR' } }))).toEqual([
      { field: 'net_price', old: { amount: '39.90', currency: 'EUR' }, new: { amount: '37.38', currency: 'EUR' } },
      { field: 'vat_rate', old: '19', new: '7' },
    ]);
  });

  it('should record only the fields a new product sets', () => {
    expect(productCreationChanges(goods()).map((change) => change.field)).toEqual(['sku', 'name', 'unit', 'kind', 'net_price', 'vat_rate']);
  });
});
