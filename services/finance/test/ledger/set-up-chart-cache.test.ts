import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSetUpChartCache, type SetUpChartCache } from '../../src/ledger/chart-lookup.js';
import { buildTestApp, clientFor, FINANCE, readyTenant, type TestFinance } from '../helpers.js';

let finance: TestFinance;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

const read = (cache: SetUpChartCache, tenantId: string) => withTenant(finance.db.kysely, tenantId, (trx) => cache.get(trx, tenantId));

describe('the set-up chart cache', () => {
  it('should read a tenant’s settings and tax codes once and answer from memory afterwards', async () => {
    const client = await readyTenant(finance, { chart: 'SKR04' });
    const cache = createSetUpChartCache();

    const first = await read(cache, client.tenantId);
    const second = await read(cache, client.tenantId);

    expect(first.settings.chart).toBe('SKR04');
    expect(first.taxCodes.map((taxCode) => taxCode.code)).toContain('USt19');
    expect(second).toBe(first);
  });

  it('should refuse a tenant that is not set up, remember nothing, and find it once it is', async () => {
    const client = await clientFor(finance, { tenantId: randomUUID() });
    const cache = createSetUpChartCache();

    await expect(read(cache, client.tenantId)).rejects.toMatchObject({ code: 'FIN_NOT_SET_UP' });
    await client.post(`${FINANCE}/setup`, { chart: 'SKR03' });

    expect((await read(cache, client.tenantId)).settings.chart).toBe('SKR03');
  });

  it('should forget the least recently used tenant beyond its size', async () => {
    const [a, b] = [await readyTenant(finance), await readyTenant(finance)];
    const cache = createSetUpChartCache(1);

    const firstOfA = await read(cache, a.tenantId);
    await read(cache, b.tenantId);
    const againOfA = await read(cache, a.tenantId);

    expect(againOfA).not.toBe(firstOfA);
    expect(againOfA).toEqual(firstOfA);
  });
});
