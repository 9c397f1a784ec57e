import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, clientOf, companyInput, createPartner, outboxEvents, personInput, type TestCore } from '../helpers.js';

let core: TestCore;
let client: Client;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await clientOf(core);
});
afterAll(() => core.close());

const SUPPLIERS = '/api/v1/suppliers';

describe('/api/v1/suppliers', () => {
  it('should number suppliers from their own series, L70001, independent of customers', async () => {
    await createPartner(client, companyInput());

    const first = await createPartner(client, companyInput(), SUPPLIERS);
    const second = await createPartner(client, personInput(), SUPPLIERS);

    expect([first.number, second.number]).toEqual(['L70001', 'L70002']);
    expect(first.role).toBe('supplier');
  });

  it('should list, update with If-Match, archive and show the history of suppliers', async () => {
    const own = await clientOf(core);
    const supplier = await createPartner(own, companyInput(), SUPPLIERS);

    const updated = await own.send('PATCH', `${SUPPLIERS}/${supplier.id}`, { payment_terms: { net_days: 60 } }, { 'if-match': '"1"' });
    await own.send('POST', `${SUPPLIERS}/${supplier.id}/archive`);
    const list = await own.send('GET', `${SUPPLIERS}?archived=all`);
    const history = await own.send('GET', `${SUPPLIERS}/${supplier.id}/history`);

    expect(updated.json()).toMatchObject({ payment_terms: { net_days: 60, skonto_percent: null, skonto_days: null } });
    expect(list.json().items.map((item: { number: string }) => item.number)).toEqual(['L70001']);
    expect(history.json().items.map((entry: { action: string }) => entry.action)).toEqual(['archived', 'updated', 'created']);
    expect((await outboxEvents(core, own.tenantId)).map((event) => event.type)).toEqual([
      'erp.core.supplier.created.v1',
      'erp.core.supplier.updated.v1',
      'erp.core.supplier.updated.v1',
    ]);
  });

  it('should import suppliers and keep the Steuernummer of an erased supplier, which input-tax deduction needs', async () => {
    const own = await clientOf(core);
    await own.send('POST', `${SUPPLIERS}/import?dry_run=false`, 'last_name,first_name,tax_number\nKoch,Eva,21/815/08150\n', { 'content-type': 'text/csv' });
    const [supplier] = (await own.send('GET', SUPPLIERS)).json().items;

    const report = (await own.send('POST', `${SUPPLIERS}/${supplier.id}/erase`)).json();

    expect(report.kept.map((kept: { field: string }) => kept.field)).toContain('tax_number');
    expect((await own.send('GET', `${SUPPLIERS}/${supplier.id}`)).json()).toMatchObject({ tax_number: '21/815/08150', first_name: null });
    expect((await outboxEvents(core, own.tenantId)).at(-1)?.type).toBe('erp.core.supplier.erased.v1');
  });
});
