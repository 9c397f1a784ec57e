// What `erp seed` creates: a believable German trading company, the same every time for the same seed, so
// that a second run can find what the first made and add only what is missing. Pure: no I/O here.

export interface SeedAddress {
  readonly street: string;
  readonly postal_code: string;
  readonly city: string;
  readonly country: string;
}

export interface SeedPartner {
  readonly key: string;
  readonly company_name: string;
  readonly email: string;
  readonly address: SeedAddress;
  readonly payment_terms: { readonly net_days: number; readonly skonto_percent?: string; readonly skonto_days?: number };
}

export interface SeedProduct {
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
  readonly net_price: string;
  readonly purchase_price: string;
  readonly vat_rate: '19' | '7';
  readonly supplier: string;
  readonly reorder_point: string;
  readonly reorder_quantity: string;
  readonly initial_stock: number;
}

export interface SeedOrder {
  /** Written as the order's customer reference, by which a later run recognises it. */
  readonly reference: string;
  readonly customer: string;
  readonly lines: readonly { readonly sku: string; readonly quantity: number }[];
  /** Paid in full (with Skonto where the terms grant it) once its open item exists. */
  readonly paid: boolean;
  /** A credit note for the first line's quantity, as for goods sent back. */
  readonly credited: boolean;
}

export interface SeedPlan {
  readonly suppliers: readonly SeedPartner[];
  readonly customers: readonly SeedPartner[];
  readonly products: readonly SeedProduct[];
  readonly orders: readonly SeedOrder[];
}

export interface PlanSize {
  readonly customers: number;
  readonly products: number;
  readonly orders: number;
}

export const DEFAULT_SIZE: PlanSize = { customers: 30, products: 40, orders: 120 };

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
  'Braun',
  'Krüger',
  'Hartmann',
  'Lange',
  'Werner',
  'Krause',
  'Lehmann',
  'König',
  'Huber',
  'Kaiser',
  'Fuchs',
  'Jäger',
];
const TRADES = [
  'Maschinenbau',
  'Elektrotechnik',
  'Holzbau',
  'Sanitärtechnik',
  'Metallbau',
  'Gebäudetechnik',
  'Fahrzeugbau',
  'Hausverwaltung',
  'Gartenbau',
  'Anlagenbau',
];
const FORMS = ['GmbH', 'KG', 'GmbH & Co. KG', 'e.K.', 'AG'];
const CITIES: readonly [string, string][] = [
  ['80331', 'München'],
  ['50667', 'Köln'],
  ['20095', 'Hamburg'],
  ['04109', 'Leipzig'],
  ['79098', 'Freiburg im Breisgau'],
  ['90402', 'Nürnberg'],
  ['70173', 'Stuttgart'],
  ['01067', 'Dresden'],
  ['30159', 'Hannover'],
  ['28195', 'Bremen'],
];
const STREETS = ['Hauptstraße', 'Industriestraße', 'Bahnhofstraße', 'Gewerbepark', 'Lindenallee', 'Am Hafen', 'Werkstraße', 'Schillerstraße'];
const SUPPLIERS = [
  'Rheinische Schraubenwerke GmbH',
  'Süddeutsche Werkzeug AG',
  'Nordlicht Elektro KG',
  'Hanseatische Rohrhandel GmbH',
  'Sächsische Pumpen GmbH',
  'Bayerische Beschläge e.K.',
];
const ITEMS: readonly [string, string, '19' | '7'][] = [
  ['Sechskantschraube M8 × 40 verzinkt, 100 Stück', 'C62', '19'],
  ['Akku-Bohrschrauber 18 V', 'C62', '19'],
  ['Dübel 8 mm, 50 Stück', 'C62', '19'],
  ['Kupferrohr 15 mm, 5 m', 'C62', '19'],
  ['Tauchpumpe 400 W', 'C62', '19'],
  ['Türdrücker Edelstahl', 'C62', '19'],
  ['Installationskabel NYM-J 3×1,5, 50 m', 'C62', '19'],
  ['Arbeitshandschuhe, Paar', 'PR', '19'],
  ['Fachbuch Sanitärtechnik', 'C62', '7'],
  ['Schutzbrille klar', 'C62', '19'],
];

/** A small seeded pseudo-random generator (mulberry32): the same seed gives the same company. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cents(value: number): string {
  const whole = Math.round(value * 100);
  return `${Math.floor(whole / 100)}.${String(whole % 100).padStart(2, '0')}`;
}

/** The whole company for `seed` at `size`. */
export function buildPlan(seed: number, size: PlanSize = DEFAULT_SIZE): SeedPlan {
  const random = randomSource(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const address = (): SeedAddress => {
    const [postal, city] = pick(CITIES);
    return { street: `${pick(STREETS)} ${1 + Math.floor(random() * 120)}`, postal_code: postal, city, country: 'DE' };
  };
  const suppliers = SUPPLIERS.map((name, index) => ({
    key: `S${index + 1}`,
    company_name: name,
    email: `vertrieb@lieferant${index + 1}.example`,
    address: address(),
    payment_terms: { net_days: 30, skonto_percent: '2.00', skonto_days: 10 },
  }));
  const customers = Array.from({ length: size.customers }, (_, index) => {
    const skonto = random() < 0.4;
    return {
      key: `C${index + 1}`,
      company_name: `${pick(SURNAMES)} ${pick(TRADES)} ${pick(FORMS)}`,
      email: `einkauf@kunde${index + 1}.example`,
      address: address(),
      payment_terms: skonto ? { net_days: 30, skonto_percent: '2.00', skonto_days: 10 } : { net_days: pick([14, 30]) },
    };
  });
  const products = Array.from({ length: size.products }, (_, index) => {
    const [name, unit, vat] = ITEMS[index % ITEMS.length] as [string, string, '19' | '7'];
    const price = 2 + random() * 180;
    return {
      sku: `DEMO-${String(index + 1).padStart(4, '0')}`,
      name: index < ITEMS.length ? name : `${name} (Variante ${Math.floor(index / ITEMS.length) + 1})`,
      unit,
      net_price: cents(price),
      purchase_price: cents(price * 0.55),
      vat_rate: vat,
      supplier: (suppliers[index % suppliers.length] as SeedPartner).key,
      reorder_point: '20',
      reorder_quantity: '100',
      initial_stock: 300 + Math.floor(random() * 300),
    };
  });
  const orders = Array.from({ length: size.orders }, (_, index) => {
    const lineCount = 1 + Math.floor(random() * 4);
    const skus = new Set<string>();
    while (skus.size < Math.min(lineCount, products.length)) skus.add(pick(products).sku);
    return {
      reference: `DEMO-${String(index + 1).padStart(5, '0')}`,
      customer: pick(customers).key,
      lines: [...skus].map((sku) => ({ sku, quantity: 1 + Math.floor(random() * 8) })),
      paid: random() < 0.65,
      credited: random() < 0.03,
    };
  });
  return { suppliers, customers, products, orders };
}

/**
 * The amount that settles an open item with Skonto: the open amount less `percent` of it, rounded half up to
 * cents, in integer cents (no binary fractions). "211.42" at "3.00" → "205.08".
 */
export function amountAfterSkonto(open: string, percent: string): string {
  const openCents = toCents(open);
  const hundredths = toCents(percent);
  const skonto = Math.floor((openCents * hundredths + 5_000) / 10_000);
  const paid = openCents - skonto;
  return `${Math.floor(paid / 100)}.${String(paid % 100).padStart(2, '0')}`;
}

function toCents(amount: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) throw new RangeError(`not an amount with at most two decimals: ${amount}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}
