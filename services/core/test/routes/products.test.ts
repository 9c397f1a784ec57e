import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Product } from '../../src/domain/product.js';
import { buildTestApp, type Client, clientOf, companyInput, createPartner, createProduct, outboxEvents, productInput, type TestCore } from '../helpers.js';

let core: TestCore;
let client: Client;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await clientOf(core);
});
afterAll(() => core.close());

describe('POST /api/v1/products', () => {
  it('should create a product with exact decimals, a GTIN and a supplier of the tenant', async () => {
    const supplier = await createPartner(client, companyInput(), '/api/v1/suppliers');
    const input = productInput({ sku: 'SCHR-M8-40', gtin: '4 006381 333931', unit: 'c62', supplier_id: supplier.id, reorder_point: '12.5' });

    const response = await client.send('POST', '/api/v1/products', input);

    expect(response.statusCode).toBe(201);
    const product = response.json() as Product;
    expect(product).toMatchObject({
      sku: 'SCHR-M8-40',
      unit: 'C62',
      kind: 'goods',
      net_price: { amount: '0.49', currency: 'EUR' },
      purchase_price: { amount: '0.2150', currency: 'EUR' },
      vat_rate: '19',
      gtin: '4006381333931',
      supplier_id: supplier.id,
      reorder_point: '12.5',
      reorder_quantity: '2000',
      version: 1,
      archived_at: null,
    });
    expect(response.headers.location).toBe(`/api/v1/products/${product.id}`);
    expect(response.headers.etag).toBe('"1"');
  });

  it('should create a service at 7 % VAT, in hours, without stock fields', async () => {
    const input = { sku: 'BERATUNG', name: 'Beratung', unit: 'HUR', kind: 'service', net_price: { amount: '95', currency: 'EUR' }, vat_rate: '7' };

    const product = await createProduct(client, input);

    expect(product).toMatchObject({ kind: 'service', unit: 'HUR', vat_rate: '7', gtin: null, reorder_point: null, purchase_price: null, tags: [] });
  });

  it('should write erp.core.product.created.v1 to the outbox in the same transaction', async () => {
    const own = await clientOf(core);

    const product = await createProduct(own, productInput());

    expect(await outboxEvents(core, own.tenantId)).toEqual([
      { type: 'erp.core.product.created.v1', subject: product.id, tenant_id: own.tenantId, data: { product } },
    ]);
  });

  it('should store SQL-looking text literally', async () => {
    const hostile = "Robert'); DROP TABLE product;--";

    const product = await createProduct(client, productInput({ sku: "X'1;--", name: hostile, description: '1 OR 1=1' }));
    const read = await client.send('GET', `/api/v1/products/${product.id}`);

    expect(read.json()).toMatchObject({ sku: "X'1;--", name: hostile, description: '1 OR 1=1' });
  });
});

describe('GET /api/v1/products', () => {
  it('should page through every product by SKU with an opaque cursor', async () => {
    const own = await clientOf(core);
    for (const sku of ['C-3', 'A-1', 'E-5', 'B-2', 'D-4']) await createProduct(own, productInput({ sku }));

    const first = await own.send('GET', '/api/v1/products?limit=2');
    const second = await own.send('GET', `/api/v1/products?limit=2&cursor=${first.json().next_cursor}`);
    const third = await own.send('GET', `/api/v1/products?limit=2&cursor=${second.json().next_cursor}`);

    const skus = [first, second, third].flatMap((page) => page.json().items.map((product: Product) => product.sku));
    expect(skus).toEqual(['A-1', 'B-2', 'C-3', 'D-4', 'E-5']);
    expect(third.json().next_cursor).toBeNull();
  });

  it('should search the start of the SKU and any part of the name, and filter by kind, supplier, tag and archive state', async () => {
    const own = await clientOf(core);
    const supplier = await createPartner(own, companyInput(), '/api/v1/suppliers');
    const bolt = await createProduct(own, productInput({ sku: 'SCHR-1', name: 'Schraube', supplier_id: supplier.id, tags: ['metall'] }));
    const service = await createProduct(own, {
      sku: 'MONT-1',
      name: 'Montage Schraubarbeiten',
      unit: 'HUR',
      kind: 'service',
      net_price: { amount: '60', currency: 'EUR' },
      vat_rate: '19',
    });
    const old = await createProduct(own, productInput({ sku: 'ALT-1', name: 'Altteil' }));
    await own.send('POST', `/api/v1/products/${old.id}/archive`);

    const ids = async (query: string) => (await own.send('GET', `/api/v1/products?${query}`)).json().items.map((product: Product) => product.id);

    expect(await ids('q=schr')).toEqual([service.id, bolt.id]);
    expect(await ids('q=SCHR-')).toEqual([bolt.id]);
    expect(await ids('kind=service')).toEqual([service.id]);
    expect(await ids(`supplier_id=${supplier.id}`)).toEqual([bolt.id]);
    expect(await ids('tag=metall')).toEqual([bolt.id]);
    expect(await ids('archived=true')).toEqual([old.id]);
    expect(await ids('archived=all')).toHaveLength(3);
    expect(await ids(`q=${encodeURIComponent('%')}`)).toEqual([]);
  });
});

describe('GET /api/v1/products/:id', () => {
  it('should answer 304 to If-None-Match with the current ETag', async () => {
    const product = await createProduct(client, productInput());

    const response = await client.send('GET', `/api/v1/products/${product.id}`, undefined, { 'if-none-match': '"1"' });

    expect(response.statusCode).toBe(304);
  });
});
