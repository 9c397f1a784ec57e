import { createTestDatabase, freePort, type TestDatabase } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSystem } from '../../packages/cli/dist/index.js';
import { SeedApi } from '../../packages/cli/dist/seed/api.js';
import { buildPlan } from '../../packages/cli/dist/seed/plan.js';
import { seedTenant } from '../../packages/cli/dist/seed/seed.js';

// erp seed against the real gateway, auth, core and finance: a small company is created through the API, the
// invoices reach finance as postings and open items, planned payments settle them, and a second run over the
// same tenant creates nothing.
type RunningSystem = Awaited<ReturnType<typeof startSystem>>;

let database: TestDatabase;
let system: RunningSystem;
let api: SeedApi;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminUrl'));
  const ports = { gateway: await freePort(), auth: await freePort(), core: await freePort(), finance: await freePort() };
  const { REDIS_URL, AMQP_URL, ...env } = process.env;
  system = await startSystem({
    env: { ...env, LOG_LEVEL: 'warn', RATE_LIMITS: '/=user:100000/1m' },
    databaseUrl: database.adminUrl,
    services: ['gateway', 'auth', 'core', 'finance'],
    ports,
  });
  api = new SeedApi(`http://127.0.0.1:${ports.gateway}`);
  await api.post('/api/v1/auth/register', { company_name: 'Seed Test GmbH', email: 'seed@test.example', password: 'Sichere-Passphrase-2026' });
  expect(await api.logIn('seed@test.example', 'Sichere-Passphrase-2026')).toBe(true);
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await database?.drop();
});

describe('erp seed', () => {
  it('should create the plan once, with invoices posted and payments made, and nothing on a second run', async () => {
    const plan = buildPlan(3, { customers: 5, products: 8, orders: 10 });
    const today = new Date().toISOString().slice(0, 10);
    const phases: string[] = [];

    const first = await seedTenant(api, plan, today, (phase) => phases.push(phase));
    const second = await seedTenant(api, plan, today, () => {});

    expect(first).toMatchObject({ suppliers: 6, customers: 5, products: 8, purchaseOrders: 6, orders: 10, invoices: 10 });
    const paidPlanned = plan.orders.filter((order) => order.paid && !order.credited).length;
    expect(first.payments).toBe(paidPlanned);
    expect(second).toEqual({ customers: 0, suppliers: 0, products: 0, purchaseOrders: 0, orders: 0, invoices: 0, creditNotes: 0, payments: 0 });
    expect(phases.at(-1)).toBe('payments');

    // Every invoice is an open item in finance; the paid ones are settled.
    const items = await api.all('/api/v1/finance/open-items?kind=receivable');
    expect(items.filter((item) => item.document_type === 'invoice')).toHaveLength(10);
    expect(items.filter((item) => item.status === 'paid')).toHaveLength(paidPlanned);
    const trialBalance = await api.get(`/api/v1/finance/reports/trial-balance?fiscal_year=${today.slice(0, 4)}`);
    expect((trialBalance.body.totals as { balance: string }).balance).toBe('0.00');
    expect((await api.all('/api/v1/orders')).every((order) => order.status === 'invoiced')).toBe(true);
  }, 180_000);
});
