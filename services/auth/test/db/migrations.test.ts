import { withTenant } from '@erp/kit';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appendAudit } from '../../src/db/audit-log.js';
import { type Account, buildTestApp, registerTenant, type TestAuth } from '../helpers.js';

let auth: TestAuth;
let account: Account;
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'));
  account = await registerTenant(auth.app);
});
afterAll(() => auth.close());

async function asAdmin(query: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: auth.database.adminUrl });
  await client.connect();
  try {
    return (await client.query(query)).rows;
  } finally {
    await client.end();
  }
}

describe('the audit log', () => {
  it('should refuse UPDATE and DELETE, even for the database admin', async () => {
    const attempts = [`update auth.audit_log set action = 'nothing'`, 'delete from auth.audit_log', 'truncate auth.audit_log'];

    const outcomes = await Promise.allSettled(attempts.map((statement) => asAdmin(statement)));

    expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'applied'))).toEqual(
      attempts.map(() => expect.stringMatching(/append-only/)),
    );
    expect(await asAdmin('select count(*)::int as count from auth.audit_log')).toEqual([{ count: expect.any(Number) }]);
  });

  it('should refuse an entry of another tenant from a transaction of this tenant', async () => {
    const foreign = withTenant(auth.db.kysely, account.tenantId, (trx) =>
      appendAudit(trx, { tenantId: '00000000-0000-4000-8000-000000000000', actorId: null, action: 'forged', ip: null }),
    );

    await expect(foreign).rejects.toThrow(/row-level security/);
  });
});

describe('row-level security on tenant tables', () => {
  it('should show the runtime role no users, roles or tenants outside a tenant transaction', async () => {
    const counts = await Promise.all(
      (['app_user', 'role', 'tenant', 'refresh_token'] as const).map(
        async (table) => (await sql<{ count: string }>`select count(*) from ${sql.table(table)}`.execute(auth.db.kysely)).rows[0]?.count,
      ),
    );

    expect(counts).toEqual(['0', '0', '0', '0']);
  });

  it('should refuse writing a user of another tenant inside a tenant transaction', async () => {
    const other = await registerTenant(auth.app);

    const write = withTenant(auth.db.kysely, account.tenantId, (trx) =>
      trx.insertInto('app_user').values({ tenant_id: other.tenantId, id: crypto.randomUUID(), email: 'x@example.com', password_hash: 'x' }).execute(),
    );

    await expect(write).rejects.toThrow(/row-level security/);
  });
});

describe('the signing key table', () => {
  it('should keep the private key only in encrypted form', async () => {
    const rows = (await asAdmin('select public_jwk, private_jwk from auth.signing_key')) as Array<{ public_jwk: { x: string }; private_jwk: string }>;

    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.private_jwk).toMatch(/^v1\./);
      expect(row.private_jwk).not.toContain('"d"');
      expect(row.private_jwk).not.toContain(row.public_jwk.x);
    }
  });
});
