import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, companyInput, createPartner, type TestCore } from '../helpers.js';
import { invoice, orderClient, orderUntil, PURCHASE_ORDERS, type SalesInvoice, salesSetup } from '../orders-helpers.js';

let core: TestCore;
let client: Client;
let issued: SalesInvoice;
let admin: pg.Client;

const TABLES = [
  'document_series',
  'sales_order',
  'sales_order_line',
  'sales_delivery',
  'sales_delivery_line',
  'sales_invoice',
  'sales_invoice_line',
  'purchase_order',
  'purchase_order_line',
] as const;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await orderClient(core);
  const setup = await salesSetup(client);
  ({ invoice: issued } = await invoice(client, await orderUntil(client, setup, 'delivered', '2')));
  const supplier = await createPartner(client, companyInput({ company_name: 'Lieferant Lange KG' }), '/api/v1/suppliers');
  await client.send('POST', PURCHASE_ORDERS, {
    supplier_id: supplier.id,
    warehouse_id: setup.warehouse.id,
    lines: [{ product_id: setup.product.id, quantity: '1' }],
  });
  admin = new pg.Client({ connectionString: core.database.adminUrl });
  await admin.connect();
});
afterAll(async () => {
  await admin.end();
  await core.close();
});

describe('the database rules of sales and purchasing documents', () => {
  it('should show the runtime role no document rows outside a tenant transaction', async () => {
    const counts = await Promise.all(
      TABLES.map(
        async (table) => (await sql<{ count: number }>`select count(*)::integer as count from ${sql.table(table)}`.execute(core.db.kysely)).rows[0]?.count,
      ),
    );

    expect(counts).toEqual(TABLES.map(() => 0));
  });

  it('should refuse changing or deleting an issued invoice, even for the database admin', async () => {
    await expect(admin.query(`update core.sales_invoice set gross = 0 where id = $1`, [issued.id])).rejects.toThrow(/never changed or deleted/);
    await expect(admin.query(`delete from core.sales_invoice_line where invoice_id = $1`, [issued.id])).rejects.toThrow(/never changed or deleted/);
    await expect(admin.query(`update core.sales_invoice_line set net_amount = 0 where invoice_id = $1`, [issued.id])).rejects.toThrow(
      /never changed or deleted/,
    );
    await expect(admin.query('truncate core.sales_invoice cascade')).rejects.toThrow(/never changed or deleted/);
  });

  it('should refuse invoicing more than was delivered and a gross that is not net + tax', async () => {
    await expect(admin.query(`update core.sales_order_line set invoiced_quantity = quantity + 1 where order_id = $1`, [issued.order_id])).rejects.toThrow(
      /sales_order_line_(invoiced|delivered)/,
    );
    await expect(admin.query(`update core.sales_order set gross = gross + 1 where id = $1`, [issued.order_id])).rejects.toThrow(/sales_order_gross/);
  });

  it('should put sales and purchase orders into the search index by number and partner', async () => {
    const { rows } = await admin.query<{ kind: string; title: string }>(
      `select kind, title from core.search_entry where kind in ('sales_order', 'purchase_order') order by kind`,
    );

    expect(rows).toEqual([expect.objectContaining({ kind: 'purchase_order', title: 'Lieferant Lange KG' }), expect.objectContaining({ kind: 'sales_order' })]);
  });
});
