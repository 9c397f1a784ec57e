import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, type TestCore } from '../helpers.js';
import { createOrder, ORDERS, orderClient, type SalesOrder, type SalesSetup, salesSetup, step } from '../orders-helpers.js';

let core: TestCore;
let client: Client;
let setup: SalesSetup;

interface Statement {
  connection: unknown;
  text: string;
  values: unknown[];
}

const statements: Statement[] = [];
const query = pg.Client.prototype.query;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  client = await orderClient(core);
  setup = await salesSetup(client, '100');
  // Records every statement any connection of this test file sends, to count the round trips of one request.
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    statements.push({
      connection: this,
      text: typeof first === 'string' ? first : first.text,
      values: (typeof first === 'string' ? second : first.values) ?? [],
    });
    return (query as (...parameters: unknown[]) => unknown).apply(this, args);
  } as typeof query;
});
afterAll(async () => {
  pg.Client.prototype.query = query;
  await core.close();
});

/** The statements the request sent in the tenant's transaction: from its `begin` to its `commit`. */
async function statementsOf(request: () => Promise<unknown>): Promise<string[]> {
  statements.length = 0;
  await request();
  // The service database sends the tenant with the transaction's BEGIN, in one message.
  const own = statements.find((statement) => statement.text.startsWith(`begin; select set_config('app.tenant_id', '${client.tenantId}'`));
  return statements
    .filter((statement) => statement.connection === own?.connection)
    .map((statement) => (statement.text.startsWith('begin;') ? 'begin with tenant' : statement.text.trim().split(/\s+/).slice(0, 3).join(' ')));
}

// Every statement is a round trip to PostgreSQL while the transaction (and its locks) stays open; these budgets keep
// creating and confirming an order cheap. Raise one only for a reason, and say it here.
describe('round trips of creating and confirming an order', () => {
  it('should create an accepted order of three lines in four statements: begin with the tenant, one read, one write, commit', async () => {
    const lines = [0, 1, 2].map(() => ({ product_id: setup.product.id, quantity: '1' }));

    const sent = await statementsOf(() => createOrder(client, { customer_id: setup.customer.id, status: 'order', warehouse_id: setup.warehouse.id, lines }));

    expect(sent).toHaveLength(4);
    expect([sent[0], sent.at(-1)]).toEqual(['begin with tenant', 'commit']);
  });

  it('should confirm it in eight statements, whatever the number of lines', async () => {
    const lines = [0, 1, 2, 3, 4].map(() => ({ product_id: setup.product.id, quantity: '1' }));
    const order = await createOrder(client, { customer_id: setup.customer.id, status: 'order', warehouse_id: setup.warehouse.id, lines });

    const sent = await statementsOf(() => step(client, order, 'confirm'));

    expect(sent).toHaveLength(8);
    expect([sent[0], sent.at(-1)]).toEqual(['begin with tenant', 'commit']);
  });
});

describe('what the steps of an order answer', () => {
  it('should answer each step with exactly the order a GET shows afterwards', async () => {
    const body = {
      customer_id: setup.customer.id,
      currency: 'USD',
      exchange_rate: '1.085000',
      payment_terms: { net_days: 14, skonto_percent: '3', skonto_days: 7 },
      warehouse_id: setup.warehouse.id,
      customer_reference: '  PO-77  ',
      notes: 'Bitte an Rampe 2.\nDanke.',
      lines: [
        { product_id: setup.product.id, quantity: '2', unit_price: '12.3400', discount_percent: '2.50', description: ' Sonderanfertigung ' },
        { product_id: setup.product.id, quantity: '1.000', unit_price: '0.0050' },
      ],
    };
    const read = async (order: SalesOrder) => (await client.send('GET', `${ORDERS}/${order.id}`)).json() as SalesOrder;

    const created = await createOrder(client, body);
    const createdRead = await read(created);
    const accepted = await step(client, created, 'accept');
    const acceptedRead = await read(accepted);
    const confirmed = await step(client, accepted, 'confirm');
    const confirmedRead = await read(confirmed);
    const cancelled = await step(client, confirmed, 'cancel', { reason: ' Kunde storniert ' });

    expect(created).toEqual(createdRead);
    expect(created).toMatchObject({ exchange_rate: '1.085', customer_reference: 'PO-77', lines: [{ unit_price: '12.34', discount_percent: '2.5' }, {}] });
    expect(accepted).toEqual(acceptedRead);
    expect(confirmed).toEqual(confirmedRead);
    expect(confirmed).toMatchObject({ status: 'confirmed', version: 3, confirmed_at: expect.any(String) });
    expect(cancelled).toEqual(await read(cancelled));
    expect(cancelled).toMatchObject({ status: 'cancelled', cancel_reason: 'Kunde storniert' });
  });
});
