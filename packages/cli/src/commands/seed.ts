import { UsageError } from '../config.js';
import { SeedApi } from '../seed/api.js';
import { buildPlan, DEFAULT_SIZE } from '../seed/plan.js';
import { progressBar } from '../seed/progress.js';
import { seedTenant } from '../seed/seed.js';
import { parseFlags } from './arguments.js';

const DEFAULT_EMAIL = 'demo@werkzeughandel.example';
const DEFAULT_PASSWORD = 'Demo-Passphrase-2026';

/**
 * `erp seed`: fills a tenant of the running system with a believable trading company (suppliers, customers,
 * products, opening stock bought on purchase orders, sales orders delivered and invoiced, some credit notes,
 * payments with Skonto), through the gateway's API. Registers the company on first use; a second run over the
 * same tenant adds only what is missing.
 */
export async function seed(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv, {
    gateway: { type: 'string' },
    email: { type: 'string' },
    password: { type: 'string' },
    company: { type: 'string' },
    orders: { type: 'string' },
    seed: { type: 'string' },
  });
  const orders = Number(flags.orders ?? DEFAULT_SIZE.orders);
  const randomSeed = Number(flags.seed ?? 1);
  if (!Number.isInteger(orders) || orders < 0 || orders > 5000) throw new UsageError('--orders must be a whole number from 0 to 5000');
  if (!Number.isInteger(randomSeed)) throw new UsageError('--seed must be a whole number');
  const api = new SeedApi((flags.gateway ?? process.env.ERP_GATEWAY_URL ?? 'http://127.0.0.1:8000').replace(/\/+$/, ''));
  const email = flags.email ?? DEFAULT_EMAIL;
  const password = flags.password ?? DEFAULT_PASSWORD;
  if (!(await api.logIn(email, password))) {
    const company = flags.company ?? 'Müller & Söhne Werkzeughandel GmbH';
    await api.post('/api/v1/auth/register', { company_name: company, email, password });
    if (!(await api.logIn(email, password))) throw new Error(`registered ${email}, but the login failed`);
    console.log(`Registered ${company} with the admin ${email}.`);
  }
  const bar = progressBar(process.stderr);
  const counts = await seedTenant(api, buildPlan(randomSeed, { ...DEFAULT_SIZE, orders }), new Date().toISOString().slice(0, 10), bar.report);
  bar.end();
  console.log(
    `Created ${counts.suppliers} suppliers, ${counts.customers} customers, ${counts.products} products, ${counts.purchaseOrders} purchase orders, ` +
      `${counts.orders} orders, ${counts.invoices} invoices, ${counts.creditNotes} credit notes and ${counts.payments} payments (log in as ${email}).`,
  );
  return 0;
}
