import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { drawPartnerNumber } from '../../src/db/number-series.js';
import { buildTestApp, clientOf, companyInput, type TestCore } from '../helpers.js';

let core: TestCore;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'), { DB_POOL_MAX: '20' });
});
afterAll(() => core.close());

describe('drawPartnerNumber', () => {
  it('should give a number drawn in a rolled-back transaction to the next drawer', async () => {
    const tenantId = randomUUID();
    const rolledBack = withTenant(core.db.kysely, tenantId, async (trx) => {
      await drawPartnerNumber(trx, tenantId, 'customer');
      throw new Error('abandon the transaction');
    });
    await expect(rolledBack).rejects.toThrow('abandon');

    const drawn = await withTenant(core.db.kysely, tenantId, (trx) => drawPartnerNumber(trx, tenantId, 'customer'));

    expect(drawn).toEqual({ number: 'K10001', value: '10001' });
  });

  it('should keep the series of each tenant and each role apart', async () => {
    const [first, second] = [randomUUID(), randomUUID()];

    const numbers = await Promise.all([
      withTenant(core.db.kysely, first, (trx) => drawPartnerNumber(trx, first, 'customer')),
      withTenant(core.db.kysely, second, (trx) => drawPartnerNumber(trx, second, 'customer')),
      withTenant(core.db.kysely, first, (trx) => drawPartnerNumber(trx, first, 'supplier')),
    ]);

    expect(numbers.map((drawn) => drawn.number)).toEqual(['K10001', 'K10001', 'L70001']);
  });
});

describe('customer numbers under concurrent creation', () => {
  it('should hand out K10001 to K10030 exactly once for 30 parallel creates, with rejected ones leaving no gap', async () => {
    const client = await clientOf(core);

    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, index) => client.send('POST', '/api/v1/customers', companyInput(index % 4 === 3 ? { vat_id: 'DE136695977' } : {}))),
    );

    const numbers = responses.filter((response) => response.statusCode === 201).map((response) => response.json().number as string);
    expect(responses.filter((response) => response.statusCode === 422)).toHaveLength(10);
    expect(numbers.sort()).toEqual(Array.from({ length: 30 }, (_, index) => `K${10001 + index}`));
  });
});
