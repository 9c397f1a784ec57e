import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Partner } from '../../src/domain/partner.js';
import type { Product } from '../../src/domain/product.js';
import { buildTestApp, type Client, clientOf, companyInput, createPartner, createProduct, footprint, productInput, type TestCore } from '../helpers.js';

let core: TestCore;
let client: Client;
let existing: Product;
let customer: Partner;
let foreignSupplier: Partner;
let before: Record<string, number>;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await clientOf(core);
  existing = await createProduct(client, productInput({ sku: 'TAKEN-1' }));
  customer = await createPartner(client, companyInput());
  foreignSupplier = await createPartner(await clientOf(core), companyInput(), '/api/v1/suppliers');
});
afterAll(() => core.close());
beforeEach(async () => {
  before = await footprint(core, client.tenantId);
});

async function expectNothingWritten(): Promise<void> {
  expect(await footprint(core, client.tenantId)).toEqual(before);
}

describe('POST /api/v1/products with data that breaks a rule', () => {
  it.each([
    ['a GTIN with a wrong check digit', { gtin: '4006381333932' }, '/gtin'],
    ['a GTIN of 11 digits', { gtin: '40063813339' }, '/gtin'],
    ['a unit outside the list', { unit: 'BOX' }, '/unit'],
    ['an unknown currency', { net_price: { amount: '1', currency: 'XYZ' } }, '/net_price/currency'],
    ['a service with a reorder point', { kind: 'service', gtin: null, reorder_quantity: null }, '/reorder_point'],
    ['the same tag twice', { tags: ['Bio', 'bio'] }, '/tags'],
    ['an unknown supplier', { supplier_id: '00000000-0000-4000-8000-000000000001' }, '/supplier_id'],
    ['a customer as supplier', () => ({ supplier_id: customer.id }), '/supplier_id'],
    ["another tenant's supplier", () => ({ supplier_id: foreignSupplier.id }), '/supplier_id'],
  ])('should answer 422 for %s and write nothing', async (_case, overrides, pointer) => {
    const response = await client.send('POST', '/api/v1/products', productInput(typeof overrides === 'function' ? overrides() : overrides));

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'CORE_PRODUCT_INVALID', status: 422 });
    expect(response.json().errors.map((error: { pointer: string }) => error.pointer)).toContain(pointer);
    await expectNothingWritten();
  });

  it('should answer 422 for an archived supplier', async () => {
    const supplier = await createPartner(client, companyInput(), '/api/v1/suppliers');
    await client.send('POST', `/api/v1/suppliers/${supplier.id}/archive`);
    before = await footprint(core, client.tenantId);

    const response = await client.send('POST', '/api/v1/products', productInput({ supplier_id: supplier.id }));

    expect(response.json().errors).toEqual([{ pointer: '/supplier_id', detail: expect.stringContaining('archived') }]);
    await expectNothingWritten();
  });

  it.each([
    ['the same SKU', () => ({ sku: 'TAKEN-1' }), 'CORE_PRODUCT_SKU_TAKEN'],
    ['the same SKU in other case', () => ({ sku: 'taken-1' }), 'CORE_PRODUCT_SKU_TAKEN'],
    ['the same GTIN', () => ({ gtin: existing.gtin }), 'CORE_PRODUCT_GTIN_TAKEN'],
  ])('should answer 409 for %s and write nothing', async (_case, overrides, code) => {
    const response = await client.send('POST', '/api/v1/products', productInput(overrides()));

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code });
    await expectNothingWritten();
  });

  it('should answer 409 for a PATCH to a taken SKU and change nothing', async () => {
    const other = await createProduct(client, productInput());
    before = await footprint(core, client.tenantId);

    const response = await client.send('PATCH', `/api/v1/products/${other.id}`, { sku: 'Taken-1' }, { 'if-match': '*' });

    expect(response.json()).toMatchObject({ status: 409, code: 'CORE_PRODUCT_SKU_TAKEN' });
    await expectNothingWritten();
  });

  it('should allow the same SKU in another tenant', async () => {
    const response = await (await clientOf(core)).send('POST', '/api/v1/products', productInput({ sku: 'TAKEN-1' }));

    expect(response.statusCode).toBe(201);
  });
});

describe('POST /api/v1/products with malformed input', () => {
  it.each([
    ['a negative price', productInput({ net_price: { amount: '-0.49', currency: 'EUR' } }), '/net_price'],
    ['a price as a JSON number', productInput({ net_price: { amount: 0.49, currency: 'EUR' } }), '/net_price'],
    ['a price with five places', productInput({ net_price: { amount: '0.00001', currency: 'EUR' } }), '/net_price'],
    ['a negative reorder point', productInput({ reorder_point: '-1' }), '/reorder_point'],
    ['a VAT rate as a number', productInput({ vat_rate: 19 }), '/vat_rate'],
    ['a VAT rate of 16', productInput({ vat_rate: '16' }), '/vat_rate'],
    ['a GTIN with letters', productInput({ gtin: '400638133393X' }), '/gtin'],
    ['an unknown kind', productInput({ kind: 'digital' }), '/kind'],
    ['an unknown field', { ...productInput(), stock: '5' }, '/stock'],
    ['a missing SKU', { ...productInput(), sku: undefined }, '/sku'],
    ['a line break in the SKU', productInput({ sku: 'A\nB' }), '/sku'],
    ['a supplier id that is no UUID', productInput({ supplier_id: "1' OR '1'='1" }), '/supplier_id'],
  ])('should answer 400 for %s and write nothing', async (_case, body, pointer) => {
    const response = await client.send('POST', '/api/v1/products', body);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'KIT_VALIDATION_FAILED' });
    expect(
      response
        .json()
        .errors.map((error: { pointer: string }) => error.pointer)
        .join(' '),
    ).toContain(pointer);
    await expectNothingWritten();
  });

  it('should answer 413 for a 10 MB body and write nothing', async () => {
    const response = await client.send('POST', '/api/v1/products', { ...productInput(), description: 'x'.repeat(10 * 1024 * 1024) });

    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'KIT_PAYLOAD_TOO_LARGE' });
    await expectNothingWritten();
  });

  it.each([
    ['GET', '/api/v1/products?limit=0'],
    ['GET', '/api/v1/products?kind=digital'],
    ['GET', '/api/v1/products?supplier_id=x'],
    ['GET', '/api/v1/products?cursor=%27%3B--'],
    ['GET', '/api/v1/products?cursor=WyJ4Il0'],
    ['GET', '/api/v1/products/not-a-uuid'],
    ['POST', '/api/v1/products/not-a-uuid/archive'],
  ] as const)('should answer 400 to %s %s', async (method, url) => {
    const response = await client.send(method, url);

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it.each([
    ['an empty body', {}, 400],
    ['a SKU of null', { sku: null }, 400],
    ['a GTIN with a wrong check digit', { gtin: '4006381333932' }, 422],
  ])('should refuse a PATCH with %s and change nothing', async (_case, body, status) => {
    const response = await client.send('PATCH', `/api/v1/products/${existing.id}`, body, { 'if-match': '*' });

    expect(response.statusCode).toBe(status);
    await expectNothingWritten();
  });
});

describe('Idempotency-Key on POST /api/v1/products', () => {
  it('should create once and replay the same response for a retry', async () => {
    const own = await clientOf(core);
    const input = productInput();

    const first = await own.send('POST', '/api/v1/products', input, { 'idempotency-key': 'p-1' });
    const retry = await own.send('POST', '/api/v1/products', input, { 'idempotency-key': 'p-1' });

    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect([retry.headers.location, retry.headers.etag]).toEqual([first.headers.location, first.headers.etag]);
    expect(await footprint(core, own.tenantId)).toMatchObject({ product: 1, product_history: 1, outbox: 1, idempotency_key: 1 });
  });

  it('should store nothing for a rejected create, so the key can be used after fixing the body', async () => {
    const rejected = await client.send('POST', '/api/v1/products', productInput({ sku: 'TAKEN-1' }), { 'idempotency-key': 'p-2' });
    const fixed = await client.send('POST', '/api/v1/products', productInput(), { 'idempotency-key': 'p-2' });

    expect(rejected.statusCode).toBe(409);
    expect(fixed.statusCode).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });
});
