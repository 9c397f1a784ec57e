import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, clientOf, companyInput, createPartner, createProduct, productInput, type TestCore } from '../helpers.js';

let core: TestCore;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  const client = await clientOf(core);
  const customer = await createPartner(client, companyInput());
  await client.send('PATCH', `/api/v1/customers/${customer.id}`, { notes: 'x' }, { 'if-match': '*' });
  await client.send('POST', '/api/v1/customers', companyInput(), { 'idempotency-key': 'rls' });
  await createProduct(client, productInput());
});
afterAll(() => core.close());

const TABLES = ['partner', 'partner_contact', 'partner_address', 'partner_history', 'number_series', 'product', 'product_history', 'idempotency_key'];

describe('row-level security on the core tables', () => {
  it('should show the runtime role no rows outside a tenant transaction', async () => {
    const counts = await Promise.all(
      TABLES.map(
        async (table) => (await sql<{ count: number }>`select count(*)::integer as count from ${sql.table(table)}`.execute(core.db.kysely)).rows[0]?.count,
      ),
    );

    expect(counts).toEqual(TABLES.map(() => 0));
  });

  it('should refuse writing a row of another tenant inside a tenant transaction', async () => {
    const write = withTenant(core.db.kysely, randomUUID(), (trx) =>
      trx.insertInto('number_series').values({ tenant_id: randomUUID(), name: 'customer', prefix: 'K', next_value: 1 }).execute(),
    );

    await expect(write).rejects.toThrow(/row-level security/);
  });

  it('should refuse deleting history, even for the database admin', async () => {
    const admin = new pg.Client({ connectionString: core.database.adminUrl });
    await admin.connect();
    try {
      await expect(admin.query('delete from core.partner_history')).rejects.toThrow(/keeps every change/);
      await expect(admin.query('truncate core.partner_history cascade')).rejects.toThrow(/keeps every change/);
      await expect(admin.query('delete from core.product_history')).rejects.toThrow(/keeps every change/);
      await expect(admin.query("update core.product_history set changes = '[]'")).rejects.toThrow(/keeps every change/);
    } finally {
      await admin.end();
    }
  });
});
