import { problem, userId } from './fake-auth.js';
import { createFakeUpstream, type FakeUpstream, pageOf } from './fake-upstream.js';

// biome-ignore lint/suspicious/noExplicitAny: a partner record is whatever JSON core would send.
export type FakePartner = Record<string, any> & { id: string; role: 'customer' | 'supplier'; version: number };

export interface FakeHistoryEntry {
  id: string;
  at: string;
  actor_id: string | null;
  action: string;
  via: string;
  changes: Array<{ field: string; old: unknown; new: unknown }>;
}

/**
 * Stands in for core's customer and supplier routes with core's shapes and rules where the gateway depends on
 * them: `ETag: "<version>"`, `If-Match` required on PATCH (428) and compared (412), `Idempotency-Key` replays.
 */
export interface FakeCore extends FakeUpstream {
  url: string;
  partners: FakePartner[];
  history: Map<string, FakeHistoryEntry[]>;
}

export const partnerId = (n: number) => `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function fakePartner(role: 'customer' | 'supplier', n: number, overrides: Partial<FakePartner> = {}): FakePartner {
  return {
    id: partnerId(n),
    role,
    number: `${role === 'customer' ? 'K' : 'L'}${10000 + n}`,
    kind: 'company',
    name: `Firma ${n} GmbH`,
    company_name: `Firma ${n} GmbH`,
    salutation: null,
    title: null,
    first_name: null,
    last_name: null,
    email: `info${n}@firma.example`,
    phone: null,
    website: null,
    vat_id: 'DE136695976',
    tax_number: null,
    leitweg_id: null,
    commercial_register: { court: 'Amtsgericht München', number: 'HRB 123456' },
    payment_terms: { net_days: 30, skonto_percent: '2.00', skonto_days: 10 },
    credit_limit: { amount: '25000.00', currency: 'EUR' },
    tags: ['key-account'],
    notes: null,
    contacts: [{ id: userId(900 + n), salutation: 'Frau', first_name: 'Anna', last_name: 'Schmidt', position: 'Einkauf', email: null, phone: null }],
    addresses: [
      {
        id: userId(800 + n),
        type: 'billing',
        is_default: true,
        addition: null,
        street: 'Industriestraße 7',
        postal_code: '80331',
        city: 'München',
        country: 'DE',
      },
    ],
    version: 1,
    archived_at: null,
    erased_at: null,
    created_at: '2026-01-02T03:04:05.000Z',
    updated_at: '2026-01-02T03:04:05.000Z',
    ...overrides,
  };
}

type Params = { collection: string; id: string };

export async function startFakeCore(): Promise<FakeCore> {
  const upstream = await createFakeUpstream('core');
  const { app } = upstream;
  const partners: FakePartner[] = [];
  const history = new Map<string, FakeHistoryEntry[]>();
  const replays = new Map<string, FakePartner>();
  const roleOf = (collection: string) => (collection === 'customers' ? 'customer' : 'supplier');
  const find = (params: Params) => partners.find((partner) => partner.id === params.id && partner.role === roleOf(params.collection));
  const notFound = problem(404, 'CORE_PARTNER_NOT_FOUND', 'No such record.');

  app.get<{ Params: Params; Querystring: Record<string, string> }>('/api/v1/:collection', async (request) => {
    const archived = request.query.archived ?? 'false';
    const listed = partners.filter(
      (partner) => partner.role === roleOf(request.params.collection) && (archived === 'all' || (partner.archived_at !== null) === (archived === 'true')),
    );
    return pageOf(listed, request.query, 50);
  });
  app.get<{ Params: Params }>('/api/v1/:collection/:id', async (request, reply) => {
    const partner = find(request.params);
    if (!partner) return reply.code(404).type('application/problem+json').send(notFound);
    return reply.header('etag', `"${partner.version}"`).send(partner);
  });
  app.get<{ Params: Params; Querystring: Record<string, string> }>('/api/v1/:collection/:id/history', async (request) =>
    pageOf(history.get(request.params.id) ?? [], request.query, 50),
  );
  app.post<{ Params: { collection: string }; Body: Record<string, unknown> }>('/api/v1/:collection', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    const replayed = typeof key === 'string' ? replays.get(key) : undefined;
    if (replayed) return reply.code(201).header('idempotent-replayed', 'true').send(replayed);
    const partner = fakePartner(roleOf(request.params.collection), partners.length + 500, { contacts: [], addresses: [], ...request.body });
    partners.push(partner);
    if (typeof key === 'string') replays.set(key, partner);
    return reply.code(201).header('etag', `"${partner.version}"`).send(partner);
  });
  app.patch<{ Params: Params; Body: Record<string, unknown> }>('/api/v1/:collection/:id', async (request, reply) => {
    const partner = find(request.params);
    if (!partner) return reply.code(404).type('application/problem+json').send(notFound);
    const ifMatch = request.headers['if-match'];
    if (ifMatch === undefined)
      return reply
        .code(428)
        .type('application/problem+json')
        .send(problem(428, 'CORE_PRECONDITION_REQUIRED', 'Send If-Match.'));
    if (ifMatch !== `"${partner.version}"`) {
      const detail = `The record has changed; its current ETag is "${partner.version}".`;
      return reply
        .code(412)
        .type('application/problem+json')
        .send(problem(412, 'CORE_PRECONDITION_FAILED', detail));
    }
    Object.assign(partner, request.body, { version: partner.version + 1 });
    return reply.header('etag', `"${partner.version}"`).send(partner);
  });
  app.post<{ Params: Params }>('/api/v1/:collection/:id/archive', async (request, reply) => {
    const partner = find(request.params);
    if (!partner) return reply.code(404).type('application/problem+json').send(notFound);
    Object.assign(partner, { archived_at: '2026-02-01T00:00:00.000Z', version: partner.version + 1 });
    return reply.header('etag', `"${partner.version}"`).send(partner);
  });

  const url = await upstream.listen();
  return { ...upstream, url, partners, history };
}
