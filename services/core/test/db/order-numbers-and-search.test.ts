import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatDocumentNumber } from '../../src/domain/invoice-numbers.js';
import { buildTestApp, type Client, companyInput, createPartner, type TestCore } from '../helpers.js';
import { createOrder, orderClient, PURCHASE_ORDERS, type SalesSetup, salesSetup, step } from '../orders-helpers.js';

let core: TestCore;
let client: Client;
let setup: SalesSetup;
let admin: pg.Client;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await orderClient(core);
  setup = await salesSetup(client);
  admin = new pg.Client({ connectionString: core.database.adminUrl });
  await admin.connect();
});
afterAll(async () => {
  await admin.end();
  await core.close();
});

const orderOf = (quantity = '1') => ({ customer_id: setup.customer.id, lines: [{ product_id: setup.product.id, quantity }] });

/** The transaction that last wrote the search entry of a record: it changes only when the entry is rewritten. */
async function searchEntry(id: string): Promise<{ writer: string; archived: boolean }> {
  const { rows } = await admin.query<{ writer: string; archived: boolean }>('select xmin::text as writer, archived from core.search_entry where id = $1', [id]);
  const row = rows[0];
  if (!row) throw new Error(`no search entry for ${id}`);
  return row;
}

describe('sales order numbers drawn in the statement that writes the order', () => {
  it('should write the value with five digits at least, as formatDocumentNumber does, and more when it needs them', async () => {
    const first = await createOrder(client, orderOf());
    const year = Number(first.number.slice(3, 7));
    await admin.query(`update core.document_series set next_value = 99999 where tenant_id = $1 and series = 'sales_order' and year = $2`, [
      client.tenantId,
      year,
    ]);

    const numbers = [(await createOrder(client, orderOf())).number, (await createOrder(client, orderOf())).number];

    expect(first.number).toBe(formatDocumentNumber('sales_order', year, 1));
    expect(numbers).toEqual([formatDocumentNumber('sales_order', year, 99999), formatDocumentNumber('sales_order', year, 100000)]);
  });
});

describe('the search entry of an order', () => {
  it('should be written on create and on cancel, and left alone by steps that change nothing it shows', async () => {
    const created = await createOrder(client, orderOf());
    const written = await searchEntry(created.id);

    const confirmed = await step(client, await step(client, created, 'accept'), 'confirm', { warehouse_id: setup.warehouse.id });
    const afterSteps = await searchEntry(created.id);
    await step(client, confirmed, 'cancel');
    const afterCancel = await searchEntry(created.id);

    expect(written.archived).toBe(false);
    expect(afterSteps).toEqual(written);
    expect(afterCancel.archived).toBe(true);
  });

  it('should do the same for a purchase order', async () => {
    const supplier = await createPartner(client, companyInput({ company_name: 'Lieferant Suche GmbH' }), '/api/v1/suppliers');
    const response = await client.send('POST', PURCHASE_ORDERS, {
      supplier_id: supplier.id,
      warehouse_id: setup.warehouse.id,
      lines: [{ product_id: setup.product.id, quantity: '1' }],
    });
    const draft = response.json() as { id: string; version: number };
    const written = await searchEntry(draft.id);

    const ordered = await client.send('POST', `${PURCHASE_ORDERS}/${draft.id}/order`, undefined, { 'if-match': `"${draft.version}"` });
    const afterOrder = await searchEntry(draft.id);
    await client.send('POST', `${PURCHASE_ORDERS}/${draft.id}/cancel`, undefined, { 'if-match': `"${(ordered.json() as { version: number }).version}"` });

    expect(ordered.statusCode).toBe(200);
    expect(afterOrder).toEqual(written);
    expect((await searchEntry(draft.id)).archived).toBe(true);
  });
});
