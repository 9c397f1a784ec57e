import { withTenant } from '@erp/kit';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toCredentialTransaction } from '../../src/db/credential-schema.js';
import type { AuthDb } from '../../src/db/schema.js';
import { createCredential } from '../credential-helpers.js';
import { buildTestApp, loginAs, registerTenant, type TestAuth } from '../helpers.js';
import { enableMfa, passwordStep } from '../mfa-helpers.js';

const TABLES = ['user_mfa', 'mfa_recovery_code', 'mfa_challenge', 'api_credential'] as const;

let auth: TestAuth;
let tenantId: string;
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'));
  const account = await registerTenant(auth.app);
  tenantId = account.tenantId;
  const token = (await loginAs(auth.app, account)).access_token;
  await createCredential(auth.app, token, '/api-keys', { permissions: ['core.orders:read'] });
  await enableMfa(auth.app, token);
  await passwordStep(auth.app, account);
});
afterAll(() => auth.close());

const count = async (db: Kysely<AuthDb>, table: string) =>
  Number((await sql<{ count: string }>`select count(*) from ${sql.table(table)}`.execute(db)).rows[0]?.count);

describe('row-level security on the MFA and API credential tables', () => {
  it('should show the runtime role the rows inside the tenant transaction and none outside it', async () => {
    const inside = await withTenant(auth.db.kysely, tenantId, (trx) => Promise.all(TABLES.map((table) => count(trx, table))));
    const outside = await Promise.all(TABLES.map((table) => count(auth.db.kysely, table)));

    expect(inside).toEqual([1, 10, 1, 1]);
    expect(outside).toEqual([0, 0, 0, 0]);
  });

  it('should refuse writing a credential of another tenant inside a tenant transaction', async () => {
    const other = await registerTenant(auth.app);

    const write = withTenant(auth.db.kysely, tenantId, (trx) =>
      toCredentialTransaction(trx)
        .insertInto('api_credential')
        .values({
          tenant_id: other.tenantId,
          id: crypto.randomUUID(),
          kind: 'api_key',
          name: 'forged',
          permissions: [],
          secret_hash: 'x',
          created_by: other.userId,
          expires_at: null,
          revoked_at: null,
          last_used_at: null,
        })
        .execute(),
    );

    await expect(write).rejects.toThrow(/row-level security/);
  });
});
