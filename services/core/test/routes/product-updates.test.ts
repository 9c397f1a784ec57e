import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, clientOf, createProduct, footprint, outboxEvents, productInput, type TestCore } from '../helpers.js';

let core: TestCore;
let client: Client;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await clientOf(core);
});
afterAll(() => core.close());

function patch(id: string, body: unknown, etag?: string) {
  return client.send('PATCH', `/api/v1/products/${id}`, body, etag === undefined ? {} : { 'if-match': etag });
}

describe('PATCH /api/v1/products/:id', () => {
  it('should change the fields sent, clear those sent as null and count the version up', async () => {
    const product = await createProduct(client, productInput());

    const response = await patch(product.id, { net_price: { amount: '0.52', currency: 'EUR' }, vat_rate: '7', gtin: null }, '"1"');

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toMatchObject({ net_price: { amount: '0.52', currency: 'EUR' }, vat_rate: '7', gtin: null, version: 2, sku: product.sku });
  });

  it('should answer 428 without If-Match and 412 naming the current ETag for a stale one, changing nothing', async () => {
    const product = await createProduct(client, productInput());
    await patch(product.id, { name: 'Neu' }, '"1"');
    const before = await footprint(core, client.tenantId);

    const missing = await patch(product.id, { name: 'Ohne' });
    const stale = await patch(product.id, { name: 'Alt' }, '"1"');

    expect(missing.statusCode).toBe(428);
    expect(missing.json()).toMatchObject({ code: 'CORE_PRECONDITION_REQUIRED' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'CORE_PRECONDITION_FAILED', detail: expect.stringContaining('"2"') });
    expect(await footprint(core, client.tenantId)).toEqual(before);
  });

  it('should let exactly one of two writers with the same ETag win', async () => {
    const product = await createProduct(client, productInput());

    const responses = await Promise.all([patch(product.id, { name: 'A' }, '"1"'), patch(product.id, { name: 'B' }, '"1"')]);

    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 412]);
  });

  it('should write nothing for a patch that changes nothing', async () => {
    const product = await createProduct(client, productInput());
    const before = await footprint(core, client.tenantId);

    const response = await patch(product.id, { name: product.name }, '*');

    expect(response.json().version).toBe(1);
    expect(await footprint(core, client.tenantId)).toEqual(before);
  });

  it('should write erp.core.product.updated.v1 with the changed fields', async () => {
    const own = await clientOf(core);
    const product = await createProduct(own, productInput());

    await own.send('PATCH', `/api/v1/products/${product.id}`, { reorder_point: '750', tags: [] }, { 'if-match': '"1"' });

    const events = await outboxEvents(core, own.tenantId);
    expect(events.map((event) => event.type)).toEqual(['erp.core.product.created.v1', 'erp.core.product.updated.v1']);
    expect(events[1]?.data).toMatchObject({ product: { reorder_point: '750', version: 2 }, changed_fields: ['reorder_point', 'tags'] });
  });
});

describe('archive and restore', () => {
  it('should archive, refuse changes while archived, and restore', async () => {
    const product = await createProduct(client, productInput());

    const archived = await client.send('POST', `/api/v1/products/${product.id}/archive`);
    const again = await client.send('POST', `/api/v1/products/${product.id}/archive`);
    const refused = await patch(product.id, { name: 'X' }, '*');
    const restored = await client.send('POST', `/api/v1/products/${product.id}/restore`, undefined, { 'if-match': '"2"' });

    expect(archived.json()).toMatchObject({ version: 2, archived_at: expect.any(String) });
    expect(again.json().version).toBe(2);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'CORE_PRODUCT_ARCHIVED' });
    expect(restored.json()).toMatchObject({ version: 3, archived_at: null });
  });

  it('should answer 412 to an archive with a stale If-Match', async () => {
    const product = await createProduct(client, productInput());

    const response = await client.send('POST', `/api/v1/products/${product.id}/archive`, undefined, { 'if-match': '"7"' });

    expect(response.statusCode).toBe(412);
  });
});

describe('GET /api/v1/products/:id/history', () => {
  it('should list who changed what, newest first, in pages', async () => {
    const product = await createProduct(client, productInput());
    await patch(product.id, { net_price: { amount: '0.55', currency: 'EUR' } }, '"1"');
    await client.send('POST', `/api/v1/products/${product.id}/archive`);

    const first = await client.send('GET', `/api/v1/products/${product.id}/history?limit=2`);
    const second = await client.send('GET', `/api/v1/products/${product.id}/history?limit=2&cursor=${first.json().next_cursor}`);

    const entries = [...first.json().items, ...second.json().items];
    expect(entries.map((entry) => entry.action)).toEqual(['archived', 'updated', 'created']);
    expect(entries[1]).toMatchObject({
      actor_id: client.userId,
      via: 'api',
      changes: [{ field: 'net_price', old: { amount: '0.49', currency: 'EUR' }, new: { amount: '0.55', currency: 'EUR' } }],
    });
    expect(second.json().next_cursor).toBeNull();
  });
});
