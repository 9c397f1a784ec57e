import { withTenant } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pruneExpired } from '../../src/db/prune.js';
import { type Account, buildTestApp, loginAs, registerTenant, type TestAuth } from '../helpers.js';

let auth: TestAuth;
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'));
});
afterAll(() => auth.close());

const DAY_MS = 86_400_000;

async function tokenCount(account: Account): Promise<number> {
  return (await withTenant(auth.db.kysely, account.tenantId, (trx) => trx.selectFrom('refresh_token').select('id').execute())).length;
}

async function expireOneToken(account: Account, expiresAt: Date): Promise<void> {
  await withTenant(auth.db.kysely, account.tenantId, async (trx) => {
    const [row] = await trx.selectFrom('refresh_token').select('id').limit(1).execute();
    await trx
      .updateTable('refresh_token')
      .set({ expires_at: expiresAt })
      .where('id', '=', row?.id ?? '')
      .execute();
  });
}

describe('pruneExpired', () => {
  it('should delete long-expired refresh tokens of every tenant and keep live and recently expired ones', async () => {
    const [a, b] = [await registerTenant(auth.app), await registerTenant(auth.app)];
    for (const account of [a, b, a, b]) await loginAs(auth.app, account);
    const now = new Date();
    await expireOneToken(a, new Date(now.getTime() - 2 * DAY_MS));
    await expireOneToken(b, new Date(now.getTime() - 1000));

    await pruneExpired(auth.db.kysely, now, new Date(now.getTime() - DAY_MS), 3_600_000);

    expect([await tokenCount(a), await tokenCount(b)]).toEqual([1, 2]);
  });

  it('should delete idle throttle counters but keep blocked and recent ones', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 2 * 3_600_000);
    await auth.db.kysely
      .insertInto('login_throttle')
      .values([
        { key: 'prune:idle', failures: 3, last_failure_at: old, blocked_until: null },
        { key: 'prune:blocked', failures: 10, last_failure_at: old, blocked_until: new Date(now.getTime() + 60_000) },
        { key: 'prune:recent', failures: 1, last_failure_at: now, blocked_until: null },
      ])
      .execute();

    await pruneExpired(auth.db.kysely, now, new Date(now.getTime() - DAY_MS), 3_600_000);

    const keys = (await auth.db.kysely.selectFrom('login_throttle').select('key').where('key', 'like', 'prune:%').orderBy('key').execute()).map(
      (row) => row.key,
    );
    expect(keys).toEqual(['prune:blocked', 'prune:recent']);
  });
});
