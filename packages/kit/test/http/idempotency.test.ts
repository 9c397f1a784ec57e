import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  connectServiceDb,
  createService,
  forgetIdempotentResponses,
  pruneIdempotencyKeys,
  type ServiceApp,
  type ServiceDb,
  withIdempotency,
  withTenant,
} from '@erp/kit';
import { createTestDatabase, type TestDatabase } from '@erp/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { testConfig } from '../helpers.js';

interface NotesDb {
  note: { tenant_id: string; body: string };
}

const TENANT_A = '00000000-0000-4000-8000-00000000000a';
const TENANT_B = '00000000-0000-4000-8000-00000000000b';
const DAY_MS = 86_400_000;
const migrationsFolder = fileURLToPath(new URL('../db/fixtures/migrations', import.meta.url));

let database: TestDatabase;
let db: ServiceDb<NotesDb>;
let app: ServiceApp;
let now = new Date('2026-03-01T10:00:00Z');
let gate: Promise<void> | undefined;

/** A service with one create route, as a real service would write it; the tenant comes from a test header. */
async function buildNotesApp(): Promise<ServiceApp> {
  const service = await createService({ name: 'idempotency-test', version: '0.0.1', config: testConfig });
  service.post<{ Body: { body: string; fail?: boolean } }>('/notes', async (request, reply) =>
    withIdempotency(db.kysely, request, reply, { tenantId: String(request.headers['x-tenant']), now }, async (trx) => {
      await trx
        .insertInto('note')
        .values({ tenant_id: String(request.headers['x-tenant']), body: request.body.body })
        .execute();
      if (gate) await gate;
      if (request.body.fail) throw new Error('work failed after writing');
      const id = randomUUID();
      return { status: 201, body: { id, body: request.body.body }, headers: { location: `/notes/${id}` } };
    }),
  );
  service.post('/other-notes', async (request, reply) =>
    withIdempotency(db.kysely, request, reply, { tenantId: TENANT_A, now }, async () => ({ status: 200, body: { other: true } })),
  );
  return service;
}

function post(payload: Record<string, unknown>, headers: Record<string, string> = {}, url = '/notes') {
  return app.inject({ method: 'POST', url, payload, headers: { 'x-tenant': TENANT_A, ...headers } });
}

async function countRows(tenantId: string, table: 'note' | 'idempotency_key'): Promise<number> {
  return withTenant(db.kysely, tenantId, async (trx) => {
    const { rows } = await sql<{ count: number }>`select count(*)::integer as count from ${sql.table(table)}`.execute(trx);
    return rows[0]?.count ?? -1;
  });
}

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  db = await connectServiceDb<NotesDb>({ adminUrl: database.adminUrl, service: 'idem', migrationsFolder });
  app = await buildNotesApp();
});
afterAll(async () => {
  await app?.close();
  await db?.close();
  await database?.drop();
});
beforeEach(async () => {
  now = new Date('2026-03-01T10:00:00Z');
  gate = undefined;
  for (const tenantId of [TENANT_A, TENANT_B]) {
    await withTenant(db.kysely, tenantId, async (trx) => {
      await sql`delete from note`.execute(trx);
      await sql`delete from idempotency_key`.execute(trx);
    });
  }
});

describe('withIdempotency', () => {
  it('should run the work for every request without an Idempotency-Key', async () => {
    const first = await post({ body: 'a' });
    const second = await post({ body: 'a' });

    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(await countRows(TENANT_A, 'note')).toBe(2);
    expect(await countRows(TENANT_A, 'idempotency_key')).toBe(0);
  });

  it('should replay the stored response with Idempotent-Replayed for the same key and request', async () => {
    const first = await post({ body: 'a' }, { 'idempotency-key': 'key-1' });

    const replay = await post({ body: 'a' }, { 'idempotency-key': 'key-1' });

    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers.location).toBe(first.headers.location);
    expect(replay.json()).toEqual(first.json());
    expect(await countRows(TENANT_A, 'note')).toBe(1);
  });

  it('should treat a body with the same content in another key order as the same request', async () => {
    await post({ body: 'a', fail: false }, { 'idempotency-key': 'key-order' });

    const replay = await app.inject({
      method: 'POST',
      url: '/notes',
      headers: { 'x-tenant': TENANT_A, 'idempotency-key': 'key-order', 'content-type': 'application/json' },
      payload: '{"fail":false,"body":"a"}',
    });

    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await countRows(TENANT_A, 'note')).toBe(1);
  });

  it('should accept the key as a structured-field string in quotes', async () => {
    await post({ body: 'a' }, { 'idempotency-key': 'quoted' });

    const replay = await post({ body: 'a' }, { 'idempotency-key': '"quoted"' });

    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('should answer 422 and write nothing when the key is reused with a different body', async () => {
    await post({ body: 'a' }, { 'idempotency-key': 'key-2' });

    const reuse = await post({ body: 'b' }, { 'idempotency-key': 'key-2' });

    expect(reuse.statusCode).toBe(422);
    expect(reuse.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(reuse.json()).toMatchObject({ code: 'KIT_IDEMPOTENCY_KEY_REUSED', status: 422 });
    expect(await countRows(TENANT_A, 'note')).toBe(1);
  });

  it('should answer 422 when the key is reused on another path or with another query', async () => {
    await post({ body: 'a' }, { 'idempotency-key': 'key-3' });

    const otherPath = await post({ body: 'a' }, { 'idempotency-key': 'key-3' }, '/other-notes');
    const otherQuery = await post({ body: 'a' }, { 'idempotency-key': 'key-3' }, '/notes?dry_run=true');

    expect(otherPath.json()).toMatchObject({ code: 'KIT_IDEMPOTENCY_KEY_REUSED' });
    expect(otherQuery.json()).toMatchObject({ code: 'KIT_IDEMPOTENCY_KEY_REUSED' });
  });

  it('should answer 409 to a request whose key is in flight, and replay once the first has finished', async () => {
    let release = () => {};
    gate = new Promise((resolve) => {
      release = resolve;
    });
    // 1. The first request stops inside its transaction, after its write.
    const first = post({ body: 'a' }, { 'idempotency-key': 'key-4' });
    await waitUntilLocked();

    // 2. A second request with the same key arrives meanwhile.
    const concurrent = await post({ body: 'a' }, { 'idempotency-key': 'key-4' });
    // 3. The first finishes; a third request comes after it.
    release();
    const firstResponse = await first;
    gate = undefined;
    const after = await post({ body: 'a' }, { 'idempotency-key': 'key-4' });

    expect(concurrent.statusCode).toBe(409);
    expect(concurrent.json()).toMatchObject({ code: 'KIT_IDEMPOTENCY_KEY_IN_FLIGHT' });
    expect(firstResponse.statusCode).toBe(201);
    expect(after.headers['idempotent-replayed']).toBe('true');
    expect(await countRows(TENANT_A, 'note')).toBe(1);
  });

  it('should make the stored response visible only together with the changes of the work', async () => {
    let release = () => {};
    gate = new Promise((resolve) => {
      release = resolve;
    });
    const first = post({ body: 'a' }, { 'idempotency-key': 'key-5' });
    await waitUntilLocked();

    const during = [await countRows(TENANT_A, 'note'), await countRows(TENANT_A, 'idempotency_key')];
    release();
    await first;
    const afterwards = [await countRows(TENANT_A, 'note'), await countRows(TENANT_A, 'idempotency_key')];

    expect(during).toEqual([0, 0]);
    expect(afterwards).toEqual([1, 1]);
  });

  it('should store nothing when the work fails, so the key can be used again', async () => {
    const failed = await post({ body: 'a', fail: true }, { 'idempotency-key': 'key-6' });

    const retry = await post({ body: 'a', fail: true }, { 'idempotency-key': 'key-6' });

    expect([failed.statusCode, retry.statusCode]).toEqual([500, 500]);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await countRows(TENANT_A, 'note')).toBe(0);
    expect(await countRows(TENANT_A, 'idempotency_key')).toBe(0);
  });

  it('should run the work again once the key has expired after 24 hours', async () => {
    const first = await post({ body: 'a' }, { 'idempotency-key': 'key-7' });
    now = new Date(now.getTime() + DAY_MS - 1);
    const stillStored = await post({ body: 'a' }, { 'idempotency-key': 'key-7' });

    now = new Date(now.getTime() + 1);
    const expired = await post({ body: 'b' }, { 'idempotency-key': 'key-7' });

    expect(stillStored.headers['idempotent-replayed']).toBe('true');
    expect(expired.statusCode).toBe(201);
    expect(expired.headers['idempotent-replayed']).toBeUndefined();
    expect(expired.json().id).not.toBe(first.json().id);
    expect(await countRows(TENANT_A, 'note')).toBe(2);
  });

  it('should keep the keys of two tenants apart', async () => {
    await post({ body: 'a' }, { 'idempotency-key': 'shared-key' });

    const otherTenant = await post({ body: 'a' }, { 'idempotency-key': 'shared-key', 'x-tenant': TENANT_B });

    expect(otherTenant.statusCode).toBe(201);
    expect(otherTenant.headers['idempotent-replayed']).toBeUndefined();
    expect(await countRows(TENANT_A, 'idempotency_key')).toBe(1);
    expect(await countRows(TENANT_B, 'idempotency_key')).toBe(1);
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['non-ASCII', 'schlüssel'],
    ['with spaces (also what a repeated header becomes)', 'key-1, key-2'],
  ])('should answer 400 and write nothing for a key that is %s', async (_case, key) => {
    const response = await post({ body: 'a' }, { 'idempotency-key': key });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'KIT_IDEMPOTENCY_KEY_INVALID' });
    expect(await countRows(TENANT_A, 'note')).toBe(0);
  });
});

describe('pruneIdempotencyKeys', () => {
  it('should delete the expired keys of every tenant and keep the others', async () => {
    await post({ body: 'a' }, { 'idempotency-key': 'old' });
    await post({ body: 'a' }, { 'idempotency-key': 'old', 'x-tenant': TENANT_B });
    now = new Date(now.getTime() + DAY_MS / 2);
    await post({ body: 'a' }, { 'idempotency-key': 'young' });

    const deleted = await pruneIdempotencyKeys(db.kysely, new Date(now.getTime() + DAY_MS / 2));

    expect(deleted).toBe(2);
    expect(await countRows(TENANT_A, 'idempotency_key')).toBe(1);
    expect(await countRows(TENANT_B, 'idempotency_key')).toBe(0);
  });
});

describe('forgetIdempotentResponses', () => {
  it('should delete the stored responses of one resource, so a replay cannot return it', async () => {
    const first = await post({ body: 'a' }, { 'idempotency-key': 'forget-me' });
    await post({ body: 'b' }, { 'idempotency-key': 'keep-me' });

    const deleted = await withTenant(db.kysely, TENANT_A, (trx) => forgetIdempotentResponses(trx, TENANT_A, first.json().id));
    const retry = await post({ body: 'a' }, { 'idempotency-key': 'forget-me' });

    expect(deleted).toBe(1);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.json().id).not.toBe(first.json().id);
    expect(await countRows(TENANT_A, 'idempotency_key')).toBe(2);
  });
});

/** Waits until some session holds an advisory lock, i.e. the first request is inside its transaction. */
async function waitUntilLocked(): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { rows } = await sql<{ count: number }>`select count(*)::integer as count from pg_locks
      where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`.execute(db.kysely);
    if ((rows[0]?.count ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the first request never took the key lock');
}
