import { describe, expect, it } from 'vitest';
import { chooseKinds, resultPath } from '../../src/domain/search.js';

describe('chooseKinds', () => {
  it('should search by default every kind the caller may read', () => {
    expect(chooseKinds(undefined, ['core.customers:read', 'core.products:read', 'core.products:write'])).toEqual({ kinds: ['customer', 'product'] });
  });

  it('should refuse kinds asked for that the caller may not read, and a caller who may read none', () => {
    expect(chooseKinds(['customer', 'supplier'], ['core.customers:read'])).toEqual({ forbidden: ['supplier'] });
    expect(chooseKinds(undefined, ['core.inventory:read'])).toEqual({ forbidden: ['customer', 'supplier', 'product', 'sales_order', 'purchase_order'] });
  });

  it('should take each kind asked for once', () => {
    expect(chooseKinds(['product', 'product'], ['core.products:read'])).toEqual({ kinds: ['product'] });
  });
});

describe('resultPath', () => {
  it('should point at the record’s own route', () => {
    expect(resultPath('supplier', 'abc')).toBe('/api/v1/suppliers/abc');
    expect(resultPath('purchase_order', 'abc')).toBe('/api/v1/purchase-orders/abc');
  });
});
