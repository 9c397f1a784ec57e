import { createTestDatabase } from '@erp/kit/testing';
import pg from 'pg';
import { createSystem } from '../system/create-system.js';
import type { CleanupStack } from './cleanup-stack.js';
import { distinctFreePorts } from './free-ports.js';
import { BENCH_RATE_LIMITS, postJson } from './gateway-stack.js';
import { defaultsOnly } from './system-env.js';

/** Auth and core as real processes on a fresh database, and a logged-in admin of one tenant. */
export interface CoreStack {
  readonly coreUrl: string;
  readonly token: string;
  readonly tenantId: string;
  /** Admin URL of the stack's own database, for fixtures. */
  readonly databaseUrl: string;
  /** Admin URL of the server, for pgbench's own database beside the stack's. */
  readonly serverAdminUrl: string;
  pids(): number[];
}

const EMAIL = 'bench@core.example';
const PASSWORD = 'Bench-Passphrase-2026';

/** Starts auth and core the way `erp up` does; every step pushes its undo onto `cleanup`. */
export async function startCoreStack(serverAdminUrl: string, cleanup: CleanupStack): Promise<CoreStack> {
  const database = await createTestDatabase(serverAdminUrl);
  cleanup.push(() => database.drop());
  const [authPort, corePort] = (await distinctFreePorts(2)) as [number, number];
  const system = createSystem({
    env: { ...defaultsOnly(process.env), RATE_LIMITS: BENCH_RATE_LIMITS, ACCESS_TOKEN_TTL_S: '3600' },
    databaseUrl: database.adminUrl,
    services: ['auth', 'core'],
    ports: { auth: authPort, core: corePort },
    logLevel: 'warn',
    onLine: (line) => {
      if (line.stream === 'stderr') process.stderr.write(`[system] ${line.source}: ${line.text}\n`);
    },
  });
  cleanup.push(() => system.stop());
  await system.start();
  const authUrl = `http://127.0.0.1:${authPort}`;
  const registered = await postJson(`${authUrl}/api/v1/auth/register`, { company_name: 'Bench Handels GmbH', email: EMAIL, password: PASSWORD });
  if (registered.status !== 201) throw new Error(`registering the bench tenant answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  const login = await postJson(`${authUrl}/api/v1/auth/login`, { email: EMAIL, password: PASSWORD });
  const token = (login.body as { access_token?: unknown }).access_token;
  if (typeof token !== 'string') throw new Error(`logging in answered ${login.status}`);
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { tid: string };
  return {
    coreUrl: `http://127.0.0.1:${corePort}`,
    token,
    tenantId: claims.tid,
    databaseUrl: database.adminUrl,
    serverAdminUrl,
    pids: () => system.processes().flatMap((entry) => (entry.pid === undefined ? [] : [entry.pid])),
  };
}

// Deterministic names: a few hundred surnames and words combine into believable, repeating company names,
// as in a real customer base (many "Müller"s, few "Quast"s).
const SURNAMES = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Schäfer',
  'Koch',
  'Bauer',
  'Richter',
  'Klein',
  'Wolf',
  'Schröder',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Braun',
  'Krüger',
  'Hofmann',
  'Hartmann',
  'Lange',
  'Schmitt',
  'Werner',
  'Schmitz',
  'Krause',
  'Meier',
  'Lehmann',
  'Schmid',
  'Schulze',
  'Maier',
  'Köhler',
  'Herrmann',
  'König',
  'Walter',
  'Mayer',
  'Huber',
  'Kaiser',
  'Fuchs',
  'Peters',
  'Lang',
  'Scholz',
  'Möller',
  'Weiß',
  'Jung',
  'Hahn',
  'Schubert',
  'Vogel',
  'Friedrich',
  'Keller',
  'Günther',
  'Frank',
  'Berger',
  'Winkler',
  'Roth',
  'Beck',
  'Lorenz',
  'Baumann',
  'Franke',
  'Albrecht',
  'Schuster',
  'Simon',
  'Ludwig',
  'Böhm',
  'Winter',
  'Kraus',
  'Martin',
  'Schumacher',
  'Krämer',
  'Vogt',
  'Stein',
  'Jäger',
  'Otto',
  'Sommer',
  'Groß',
  'Seidel',
  'Heinrich',
  'Brandt',
  'Haas',
  'Schreiber',
  'Graf',
  'Schulte',
  'Dietrich',
  'Ziegler',
  'Kuhn',
  'Kühn',
  'Pohl',
  'Engel',
  'Horn',
  'Busch',
  'Bergmann',
  'Thomas',
  'Voigt',
  'Sauer',
  'Arnold',
  'Wolff',
  'Pfeiffer',
  'Quast',
];
const TRADES = [
  'Maschinenbau',
  'Elektro',
  'Holzbau',
  'Sanitär',
  'Logistik',
  'Bäckerei',
  'Metallbau',
  'Autohaus',
  'Druckerei',
  'Gartenbau',
  'Software',
  'Handel',
];
const FORMS = ['GmbH', 'KG', 'GmbH & Co. KG', 'e.K.', 'AG', 'OHG'];
const PRODUCT_WORDS = ['Schraube', 'Mutter', 'Bohrmaschine', 'Akkuschrauber', 'Dübel', 'Winkel', 'Kabel', 'Schalter', 'Lampe', 'Rohr', 'Ventil', 'Pumpe'];
const PRODUCT_TRAITS = ['verzinkt', 'Edelstahl', 'Profi', 'kompakt', 'M8', 'M10', '230V', 'blau', 'rot', 'XL', 'Set', 'DIN 933'];

/**
 * Writes `customers` customers (numbered from K100001, above any made through the API before) and `products` products of the stack's tenant straight into core's tables (as
 * the admin, in batches), so the search index triggers fill `search_entry` as they do for API writes.
 */
export async function loadCoreFixture(stack: CoreStack, counts: { customers: number; products: number }): Promise<{ seconds: number }> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  const started = performance.now();
  try {
    await client.query('set search_path = core');
    const batch = 5_000;
    for (let offset = 0; offset < counts.customers; offset += batch) {
      const size = Math.min(batch, counts.customers - offset);
      await client.query(
        `insert into partner (tenant_id, id, role, number, number_value, kind, company_name, email, payment_net_days)
         select $1, gen_random_uuid(), 'customer', 'K' || (100000 + i), 100000 + i, 'company',
           ($2::text[])[1 + (i * 7) % cardinality($2::text[])] || ' ' || ($3::text[])[1 + (i * 3) % cardinality($3::text[])] || ' ' ||
           ($4::text[])[1 + i % cardinality($4::text[])],
           'kontakt' || i || '@kunde.example', 30
         from generate_series($5::int, $6::int) as i`,
        [stack.tenantId, SURNAMES, TRADES, FORMS, offset + 1, offset + size],
      );
    }
    await client.query(
      `insert into number_series (tenant_id, name, prefix, next_value) values ($1, 'customer', 'K', $2)
       on conflict (tenant_id, name) do update set next_value = excluded.next_value`,
      [stack.tenantId, 100_001 + counts.customers],
    );
    for (let offset = 0; offset < counts.products; offset += batch) {
      const size = Math.min(batch, counts.products - offset);
      await client.query(
        `insert into product (tenant_id, id, sku, name, unit, kind, net_price, net_price_currency, vat_rate)
         select $1, gen_random_uuid(), 'P-' || lpad(i::text, 6, '0'),
           ($2::text[])[1 + (i * 5) % cardinality($2::text[])] || ' ' || ($3::text[])[1 + (i * 11) % cardinality($3::text[])] || ' ' || i,
           'C62', 'goods', (i % 1000) + 0.99, 'EUR', '19'
         from generate_series($4::int, $5::int) as i`,
        [stack.tenantId, PRODUCT_WORDS, PRODUCT_TRAITS, offset + 1, offset + size],
      );
    }
    await client.query('analyze partner; analyze product; analyze search_entry');
  } finally {
    await client.end();
  }
  return { seconds: (performance.now() - started) / 1000 };
}
