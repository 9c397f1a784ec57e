import { randomInt, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Permission } from '@erp/contracts';
import { connectServiceDb, type ServiceApp, type ServiceDb, withTenant } from '@erp/kit';
import { createTestDatabase, createTestTokens, type TestDatabase, type TestTokens } from '@erp/kit/testing';
import type { InjectOptions, LightMyRequestResponse as Response } from 'fastify';
import { sql } from 'kysely';
import { buildApp, CORE_EXTENSIONS } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { CoreDb } from '../src/db/schema.js';
import { gtinCheckDigit } from '../src/domain/gtin.js';
import type { Partner } from '../src/domain/partner.js';
import type { Product } from '../src/domain/product.js';
import { germanCheckDigit } from '../src/domain/vat-id.js';

export const migrationsFolder = fileURLToPath(new URL('../dist/db/migrations', import.meta.url));

export const ALL_PERMISSIONS: Permission[] = [
  'core.customers:read',
  'core.customers:write',
  'core.suppliers:read',
  'core.suppliers:write',
  'core.products:read',
  'core.products:write',
];

export interface TestCore {
  app: ServiceApp;
  db: ServiceDb<CoreDb>;
  database: TestDatabase;
  tokens: TestTokens;
  close(): Promise<void>;
}

/** The core service on a fresh database of `serverAdminUrl`, verifying tokens of a local test issuer. */
export async function buildTestApp(serverAdminUrl: string, env: Record<string, string> = {}): Promise<TestCore> {
  const database = await createTestDatabase(serverAdminUrl);
  const config = loadConfig({ DATABASE_URL: database.adminUrl, LOG_LEVEL: 'silent', ...env });
  const db = await connectServiceDb<CoreDb>({ adminUrl: database.adminUrl, service: 'core', migrationsFolder, extensions: CORE_EXTENSIONS });
  const tokens = await createTestTokens();
  const app = await buildApp({ config, db, verifier: tokens.verifier });
  return {
    app,
    db,
    database,
    tokens,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** A caller of one tenant with a fixed set of permissions. */
export interface Client {
  readonly tenantId: string;
  readonly userId: string;
  send(method: InjectOptions['method'], url: string, payload?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export async function clientOf(core: TestCore, permissions: Permission[] = ALL_PERMISSIONS, tenantId: string = randomUUID()): Promise<Client> {
  const userId = randomUUID();
  const authorization = await core.tokens.bearer({ tenantId, userId, permissions, ttlS: 3600 });
  return {
    tenantId,
    userId,
    send: (method, url, payload, headers = {}) =>
      core.app.inject({
        method,
        url,
        headers: { authorization, ...headers },
        ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
      }),
  };
}

/** A valid German USt-IdNr that no other test uses. */
export function germanVatId(): string {
  const base = `${randomInt(1, 10)}${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
  return `DE${base}${germanCheckDigit(base)}`;
}

export function companyInput(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'company',
    company_name: 'Müller Maschinenbau GmbH',
    email: 'einkauf@mueller-maschinenbau.example',
    vat_id: germanVatId(),
    tax_number: '143/815/08155',
    commercial_register: { court: 'Amtsgericht München', number: 'HRB 123456' },
    payment_terms: { net_days: 30, skonto_percent: '2', skonto_days: 10 },
    credit_limit: { amount: '25000', currency: 'EUR' },
    tags: ['key-account'],
    contacts: [
      { salutation: 'Frau', first_name: 'Anna', last_name: 'Schmidt', position: 'Einkauf', email: 'anna.schmidt@mueller.example', phone: '+49 89 1234-56' },
    ],
    addresses: [{ type: 'billing', is_default: true, street: 'Industriestraße 7', postal_code: '80331', city: 'München', country: 'DE' }],
    ...overrides,
  };
}

export function personInput(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'person',
    salutation: 'Herr',
    title: 'Dr.',
    first_name: 'Jürgen',
    last_name: 'Weber',
    email: 'juergen.weber@example.org',
    phone: '+49 30 555 0101',
    notes: 'Prefers calls before noon.',
    tags: ['private'],
    addresses: [
      { type: 'billing', is_default: true, street: 'Lindenallee 3', postal_code: '10115', city: 'Berlin', country: 'DE' },
      { type: 'shipping', street: 'Gartenweg 9', addition: 'Hinterhaus', postal_code: '14467', city: 'Potsdam', country: 'DE' },
    ],
    ...overrides,
  };
}

/** Creates a customer (or, with `path`, a supplier) and returns it; throws on anything but 201. */
export async function createPartner(client: Client, input: Record<string, unknown>, path = '/api/v1/customers'): Promise<Partner> {
  const response = await client.send('POST', path, input);
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json() as Partner;
}

export interface OutboxEvent {
  type: string;
  subject: string | null;
  tenant_id: string | null;
  data: Record<string, unknown>;
}

/** The outbox rows of the tenant, oldest first. */
export async function outboxEvents(core: TestCore, tenantId: string): Promise<OutboxEvent[]> {
  const { rows } = await sql<OutboxEvent>`select type, subject, tenant_id, data from outbox where tenant_id = ${tenantId} order by seq`.execute(core.db.kysely);
  return rows;
}

/** How many rows of `table` the tenant has. */
export async function countRows(core: TestCore, tenantId: string, table: keyof CoreDb | 'idempotency_key'): Promise<number> {
  return withTenant(core.db.kysely, tenantId, async (trx) => {
    const { rows } = await sql<{ count: number }>`select count(*)::integer as count from ${sql.table(table)}`.execute(trx);
    return rows[0]?.count ?? -1;
  });
}

/** Counts of everything a failed request must not have written, for "nothing written" assertions. */
export async function footprint(core: TestCore, tenantId: string): Promise<Record<string, number>> {
  const tables = [
    'partner',
    'partner_contact',
    'partner_address',
    'partner_history',
    'number_series',
    'product',
    'product_history',
    'idempotency_key',
  ] as const;
  const counts = await Promise.all(tables.map((table) => countRows(core, tenantId, table)));
  const events = (await outboxEvents(core, tenantId)).length;
  return { ...Object.fromEntries(tables.map((table, index) => [table, counts[index] ?? -1])), outbox: events };
}

/** A GTIN-13 with a valid check digit that no other test uses. */
export function gtin13(): string {
  const body = `400${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
  return `${body}${gtinCheckDigit(body)}`;
}

let skuCounter = 0;

export function productInput(overrides: Record<string, unknown> = {}) {
  skuCounter += 1;
  return {
    sku: `SCHR-M8-${skuCounter}`,
    name: 'Sechskantschraube M8 × 40, verzinkt',
    description: 'DIN 933, Festigkeitsklasse 8.8.\nVPE 100 Stück.',
    unit: 'C62',
    kind: 'goods',
    net_price: { amount: '0.49', currency: 'EUR' },
    vat_rate: '19',
    gtin: gtin13(),
    purchase_price: { amount: '0.2150', currency: 'EUR' },
    reorder_point: '500',
    reorder_quantity: '2000',
    tags: ['schrauben'],
    ...overrides,
  };
}

/** Creates a product and returns it; throws on anything but 201. */
export async function createProduct(client: Client, input: Record<string, unknown>): Promise<Product> {
  const response = await client.send('POST', '/api/v1/products', input);
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json() as Product;
}
