import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, clientOf, companyInput, footprint, outboxEvents, type TestCore } from '../helpers.js';

let core: TestCore;
let client: Client;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
});
afterAll(() => core.close());

function create(body: unknown, key: string) {
  return client.send('POST', '/api/v1/customers', body, { 'idempotency-key': key });
}

describe('Idempotency-Key on POST /api/v1/customers', () => {
  it('should create once and replay the same response, ETag and Location for a retry', async () => {
    client = await clientOf(core);
    const input = companyInput();

    const first = await create(input, 'create-1');
    const retry = await create(input, 'create-1');

    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect([retry.headers.location, retry.headers.etag]).toEqual([first.headers.location, first.headers.etag]);
    expect(await footprint(core, client.tenantId)).toMatchObject({ partner: 1, partner_history: 1, outbox: 1, idempotency_key: 1 });
  });

  it('should answer 422 for the same key with another body and write nothing more', async () => {
    client = await clientOf(core);
    await create(companyInput({ company_name: 'A GmbH' }), 'create-2');
    const before = await footprint(core, client.tenantId);

    const conflict = await create(companyInput({ company_name: 'B GmbH' }), 'create-2');

    expect(conflict.statusCode).toBe(422);
    expect(conflict.json()).toMatchObject({ code: 'KIT_IDEMPOTENCY_KEY_REUSED' });
    expect(await footprint(core, client.tenantId)).toEqual(before);
  });

  it('should create one customer and answer 409 or replay the rest when the same request arrives ten times at once', async () => {
    client = await clientOf(core);
    const input = companyInput();

    const responses = await Promise.all(Array.from({ length: 10 }, () => create(input, 'create-3')));

    const created = responses.filter((response) => response.statusCode === 201 && !response.headers['idempotent-replayed']);
    const others = responses.filter((response) => !created.includes(response));
    expect(created).toHaveLength(1);
    for (const response of others) {
      expect(response.statusCode === 409 ? response.json().code : response.headers['idempotent-replayed']).toMatch(/KIT_IDEMPOTENCY_KEY_IN_FLIGHT|true/);
    }
    expect((await outboxEvents(core, client.tenantId)).length).toBe(1);
  });

  it('should keep the same key of two tenants apart', async () => {
    client = await clientOf(core);
    const first = await create(companyInput(), 'shared');
    client = await clientOf(core);

    const second = await create(companyInput(), 'shared');

    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.json().id).not.toBe(first.json().id);
  });

  it('should store nothing for a rejected create, so the key can be used after fixing the body', async () => {
    client = await clientOf(core);

    const rejected = await create(companyInput({ vat_id: 'DE136695977' }), 'create-4');
    const fixed = await create(companyInput({ vat_id: 'DE136695976' }), 'create-4');

    expect(rejected.statusCode).toBe(422);
    expect(fixed.statusCode).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });
});
