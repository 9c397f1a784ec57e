import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { createTestDatabase } from '@erp/kit/testing';
import pg from 'pg';
import type { CoreStack } from './core-stack.js';
import { median, percentile } from './load.js';
import { fixed, printTable } from './table.js';

const run = promisify(execFile);
const WORKERS = 16;
const PRODUCTS = 300;

interface OrderFixture {
  readonly customerId: string;
  readonly warehouseId: string;
  readonly productIds: readonly string[];
}

/** A customer, a warehouse and products with ample stock, made through the API like a clerk would. */
export async function createOrderFixture(stack: CoreStack): Promise<OrderFixture> {
  const call = (path: string, body: unknown) => send(stack, 'POST', path, body);
  const customer = await call('/api/v1/customers', {
    kind: 'company',
    company_name: 'Bench Abnehmer GmbH',
    addresses: [{ type: 'billing', is_default: true, street: 'Hauptstraße 1', postal_code: '80331', city: 'München', country: 'DE' }],
  });
  const warehouse = await call('/api/v1/inventory/warehouses', { code: 'BENCH', name: 'Benchmark-Lager' });
  const productIds: string[] = [];
  for (let index = 0; index < PRODUCTS; index += 1) {
    const product = await call('/api/v1/products', {
      sku: `ORD-${index}`,
      name: `Artikel ${index}`,
      unit: 'C62',
      kind: 'goods',
      net_price: { amount: `${10 + (index % 90)}.50`, currency: 'EUR' },
      vat_rate: index % 5 === 0 ? '7' : '19',
    });
    productIds.push(product.id);
    await call('/api/v1/inventory/movements', {
      kind: 'receipt',
      product_id: product.id,
      quantity: '1000000',
      to: { warehouse_id: warehouse.id },
      unit_cost: { amount: '5.00', currency: 'EUR' },
      reason: 'Anfangsbestand',
    });
  }
  return { customerId: customer.id, warehouseId: warehouse.id, productIds };
}

/**
 * Figure 1 of the core issue: sales orders of three lines created (as accepted orders) and confirmed, which
 * reserves each line's stock in the same transaction, by `WORKERS` clients in parallel for `durationS`;
 * against a pgbench custom script doing the same inserts and reservation updates on plain tables of the same
 * server (order row, three lines, three stock-level updates guarded against overselling, three reservation
 * rows), in the same run.
 */
export async function orderFigures(stack: CoreStack, fixture: OrderFixture, durationS: number, rounds: number): Promise<void> {
  const pgbenchDatabase = await createTestDatabase(stack.serverAdminUrl);
  try {
    const script = await preparePgbench(pgbenchDatabase.adminUrl);
    await driveOrders(stack, fixture, 1); // warm-up, not measured
    const rows: string[][] = [];
    for (let round = 1; round <= rounds; round += 1) {
      const service = await driveOrders(stack, fixture, durationS);
      const tps = await pgbenchTps(pgbenchDatabase.adminUrl, script, durationS);
      rows.push([
        String(round),
        fixed(service.ordersPerSecond, 0),
        fixed(service.p50Ms, 1),
        fixed(service.p99Ms, 1),
        fixed(tps, 0),
        fixed(service.ordersPerSecond / tps, 3),
      ]);
    }
    printTable(
      `Sales orders of three lines created and confirmed (stock reserved) through core, ${WORKERS} clients, vs the same inserts by a pgbench script on the same server, ${durationS} s per round`,
      ['round', 'orders/s', 'p50 ms (create + confirm)', 'p99 ms', 'pgbench script TPS', 'ratio'],
      rows,
    );
  } finally {
    await pgbenchDatabase.drop();
  }
}

async function driveOrders(stack: CoreStack, fixture: OrderFixture, durationS: number): Promise<{ ordersPerSecond: number; p50Ms: number; p99Ms: number }> {
  const times: number[] = [];
  const deadline = performance.now() + durationS * 1000;
  let sequence = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      sequence += 1;
      const lines = [0, 1, 2].map((offset) => ({
        product_id: fixture.productIds[(sequence * 7 + offset * 101) % fixture.productIds.length],
        quantity: String(1 + ((sequence + offset) % 5)),
      }));
      const started = performance.now();
      const created = await sendWithEtag(stack, 'POST', '/api/v1/orders', {
        customer_id: fixture.customerId,
        status: 'order',
        warehouse_id: fixture.warehouseId,
        lines,
      });
      await sendWithEtag(stack, 'POST', `/api/v1/orders/${created.body.id}/confirm`, {}, created.etag);
      times.push(performance.now() - started);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: WORKERS }, worker));
  const elapsedS = (performance.now() - began) / 1000;
  const sorted = times.sort((a, b) => a - b);
  return { ordersPerSecond: times.length / elapsedS, p50Ms: median(sorted), p99Ms: percentile(sorted, 0.99) };
}

async function preparePgbench(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`
      create table bench_order (id bigserial primary key, customer int not null, status text not null, created_at timestamptz not null default now());
      create table bench_order_line (order_id bigint not null references bench_order, line_no int not null, product int not null,
        quantity numeric not null check (quantity > 0), unit_price numeric not null, primary key (order_id, line_no));
      create table bench_stock (product int primary key, on_hand numeric not null, reserved numeric not null check (reserved <= on_hand));
      create table bench_reservation (id bigserial primary key, order_id bigint not null references bench_order, product int not null, quantity numeric not null);
      insert into bench_stock select i, 1000000, 0 from generate_series(1, ${PRODUCTS}) as i;`);
  } finally {
    await client.end();
  }
  const script = join(tmpdir(), `erp-bench-orders-${process.pid}.sql`);
  await writeFile(
    script,
    [
      `\\set p1 random(1, ${PRODUCTS})`,
      `\\set p2 random(1, ${PRODUCTS})`,
      `\\set p3 random(1, ${PRODUCTS})`,
      '\\set q random(1, 5)',
      'BEGIN;',
      "INSERT INTO bench_order (customer, status) VALUES (1, 'order') RETURNING id \\gset",
      'INSERT INTO bench_order_line VALUES (:id, 1, :p1, :q, 10.50), (:id, 2, :p2, :q, 11.50), (:id, 3, :p3, :q, 12.50);',
      'UPDATE bench_stock SET reserved = reserved + :q WHERE product = :p1 AND on_hand - reserved >= :q;',
      'UPDATE bench_stock SET reserved = reserved + :q WHERE product = :p2 AND on_hand - reserved >= :q;',
      'UPDATE bench_stock SET reserved = reserved + :q WHERE product = :p3 AND on_hand - reserved >= :q;',
      'INSERT INTO bench_reservation (order_id, product, quantity) VALUES (:id, :p1, :q), (:id, :p2, :q), (:id, :p3, :q);',
      "UPDATE bench_order SET status = 'confirmed' WHERE id = :id;",
      'END;',
      '',
    ].join('\n'),
  );
  return script;
}

async function pgbenchTps(url: string, script: string, durationS: number): Promise<number> {
  const { stdout } = await run('pgbench', ['-n', '-f', script, '-c', String(WORKERS), '-j', '2', '-T', String(durationS), url], {
    timeout: (durationS + 60) * 1000,
  });
  const match = /tps = ([0-9.]+) \(without initial connection time\)/.exec(stdout);
  if (!match) throw new Error(`pgbench printed no TPS:\n${stdout}`);
  return Number(match[1]);
}

async function send(stack: CoreStack, method: string, path: string, body: unknown): Promise<{ id: string }> {
  return (await sendWithEtag(stack, method, path, body)).body;
}

async function sendWithEtag(stack: CoreStack, method: string, path: string, body: unknown, ifMatch?: string): Promise<{ body: { id: string }; etag: string }> {
  const headers: Record<string, string> = { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' };
  if (ifMatch) headers['if-match'] = ifMatch;
  const response = await fetch(`${stack.coreUrl}${path}`, { method, headers, body: JSON.stringify(body) });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 400)}`);
  return { body: JSON.parse(text) as { id: string }, etag: response.headers.get('etag') ?? '' };
}
