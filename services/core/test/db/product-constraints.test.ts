import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ProductTable } from '../../src/db/schema.js';
import { buildTestApp, type TestCore } from '../helpers.js';

let core: TestCore;
const tenantId = randomUUID();

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  await insert({ sku: 'DB-1' });
});
afterAll(() => core.close());

/** Inserts a product row directly, past every check in code, so only the database's rules apply. */
function insert(overrides: Partial<Record<keyof ProductTable, unknown>>) {
  const row = {
    tenant_id: tenantId,
    id: randomUUID(),
    sku: `DB-${randomUUID()}`,
    name: 'Direkt',
    unit: 'C62',
    kind: 'goods',
    net_price: '1.00',
    net_price_currency: 'EUR',
    vat_rate: '19',
    ...overrides,
  };
  return withTenant(core.db.kysely, tenantId, (trx) =>
    trx
      .insertInto('product')
      .values(row as never)
      .execute(),
  );
}

describe('the product table', () => {
  it.each([
    ['a negative net price', { net_price: '-0.01' }, /product_net_price_check/],
    ['a net price with five places', { net_price: '0.00001' }, /product_net_price_check/],
    ['a negative purchase price', { purchase_price: '-1', purchase_price_currency: 'EUR' }, /product_purchase_price_check/],
    ['a purchase price without currency', { purchase_price: '1' }, /product_purchase_price/],
    ['a VAT rate of 16', { vat_rate: '16' }, /product_vat_rate_check/],
    ['a VAT rate of 19.0', { vat_rate: '19.0' }, /product_vat_rate_check/],
    ['a negative reorder quantity', { reorder_quantity: '-1' }, /product_reorder_quantity_check/],
    ['a GTIN of 11 digits', { gtin: '40063813339' }, /product_gtin_check/],
    ['a service with a reorder point', { kind: 'service', reorder_point: '1' }, /product_service_unstocked/],
    ['a SKU taken in another case', { sku: 'db-1' }, /product_sku_uq/],
    ['a supplier that does not exist', { supplier_id: randomUUID() }, /product_supplier_fk/],
  ])('should refuse %s', async (_case, overrides, constraint) => {
    await expect(insert(overrides)).rejects.toThrow(constraint);
  });

  it('should keep the places of a decimal as sent', async () => {
    const id = randomUUID();
    await insert({ id, net_price: '12.5', purchase_price: '0.0490', purchase_price_currency: 'EUR' });

    const row = await withTenant(core.db.kysely, tenantId, (trx) =>
      trx.selectFrom('product').select(['net_price', 'purchase_price']).where('id', '=', id).executeTakeFirstOrThrow(),
    );

    expect(row).toEqual({ net_price: '12.5', purchase_price: '0.0490' });
  });
});
