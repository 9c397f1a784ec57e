import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Principal } from '@erp/kit';
import { freePort } from '@erp/kit/testing';

export const MUELLER = { id: '6f1c2a9e-4b7d-4c11-9a0e-0d5b8f3e2a11', number: 'K10001', name: 'Müller GmbH' };
export const DRILL = { id: '0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b', number: 'A-1001', title: 'Bohrmaschine BM 500' };

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly requestId: string | undefined;
  readonly body: Record<string, unknown> | undefined;
}

export interface FakeErp {
  readonly url: string;
  readonly calls: RecordedCall[];
  close(): Promise<void>;
}

type Answer = { status: number; body: unknown };

const problem = (status: number, code: string, title: string, detail: string): Answer => ({
  status,
  body: { type: `urn:erp:problem:${code.toLowerCase().replaceAll('_', '-')}`, title, status, detail, code },
});

function forbidden(permission: string): Answer {
  return problem(
    403,
    'KIT_FORBIDDEN',
    'Forbidden',
    `This needs the permission "${permission}", which the access token does not grant. Ask an administrator of your tenant for a role that includes it.`,
  );
}

function openItem(overrides: { number: string; due: string; open: string; status: string; overdue: number }) {
  return {
    id: randomUUID(),
    kind: 'receivable',
    document_type: 'invoice',
    document_id: randomUUID(),
    document_number: overrides.number,
    document_date: '2026-09-01',
    due_date: overrides.due,
    partner: MUELLER,
    currency: 'EUR',
    original_amount: overrides.open,
    open_amount: overrides.open,
    status: overrides.status,
    skonto: null,
    days_overdue: overrides.overdue,
    dunning_level: 0,
    dunned_on: null,
    entry_id: randomUUID(),
    created_at: '2026-09-01T08:00:00.000Z',
  };
}

const OPEN_ITEMS = [
  openItem({ number: 'RE-2026-0101', due: '2026-10-01', open: '119.00', status: 'open', overdue: 45 }),
  openItem({ number: 'RE-2026-0140', due: '2026-12-01', open: '1190.50', status: 'partially_paid', overdue: 0 }),
];

const row = (account: string, name: string, type: string, balance: string) => {
  const negative = balance.startsWith('-');
  const amount = negative ? balance.slice(1) : balance;
  const [debit, credit] = negative ? ['0.00', amount] : [amount, '0.00'];
  return { account, name, type, debit, credit, period_debit: debit, period_credit: credit, balance };
};

const TRIAL_BALANCE = {
  fiscal_year: 2026,
  period_to: 12,
  currency: 'EUR',
  rows: [
    row('1000', 'Kasse', 'asset', '350.25'),
    row('1200', 'Bank', 'asset', '12000.00'),
    row('1600', 'Verbindlichkeiten aus Lieferungen und Leistungen', 'liability', '-2350.25'),
    row('8400', 'Erlöse 19 % USt', 'revenue', '-10000.00'),
  ],
  totals: { debit: '12350.25', credit: '12350.25', period_debit: '12350.25', period_credit: '12350.25', balance: '0.00' },
};

function search(url: URL, principal: Principal): Answer {
  const kinds = { customer: 'core.customers:read', supplier: 'core.suppliers:read', product: 'core.products:read' } as const;
  const requested = (url.searchParams.get('types')?.split(',') ?? Object.keys(kinds)) as (keyof typeof kinds)[];
  const refused = requested.filter((kind) => !principal.permissions.includes(kinds[kind]));
  if (url.searchParams.get('types') && refused.length > 0)
    return problem(403, 'CORE_SEARCH_FORBIDDEN', 'Search not allowed', `Your permissions do not let you read ${refused.join(', ')}.`);
  const q = (url.searchParams.get('q') ?? '').toLowerCase();
  const hits = [];
  if (requested.includes('customer') && !refused.includes('customer') && /m(ü|ue|u)ller/.test(q))
    hits.push({
      type: 'customer',
      id: MUELLER.id,
      number: MUELLER.number,
      title: MUELLER.name,
      archived: false,
      score: 1.3,
      href: `/api/v1/customers/${MUELLER.id}`,
    });
  if (requested.includes('product') && !refused.includes('product') && /bohrmaschine|drill/.test(q))
    hits.push({ type: 'product', id: DRILL.id, number: DRILL.number, title: DRILL.title, archived: false, score: 0.9, href: `/api/v1/products/${DRILL.id}` });
  return { status: 200, body: { items: hits } };
}

function levels(productId: string): Answer {
  if (productId !== DRILL.id) return problem(404, 'CORE_PRODUCT_NOT_FOUND', 'Product not found', `There is no product ${productId}.`);
  const level = {
    product_id: DRILL.id,
    warehouse_id: randomUUID(),
    location_id: randomUUID(),
    on_hand: '15.000',
    reserved: '3.000',
    available: '12.000',
    incoming: '5.000',
    updated_at: '2026-11-20T10:00:00.000Z',
  };
  return { status: 200, body: { product_id: DRILL.id, unit: 'Stk', on_hand: '15', reserved: '3', available: '12', incoming: '5', levels: [level] } };
}

function createEntry(body: Record<string, unknown>): Answer {
  const lines = (body.lines as { account: string; debit?: string; credit?: string; tax_code?: string | null; text?: string }[]).map((line, index) => ({
    line_no: index + 1,
    account: line.account,
    debit: line.debit ?? '0.00',
    credit: line.credit ?? '0.00',
    debit_base: line.debit ?? '0.00',
    credit_base: line.credit ?? '0.00',
    tax_code: line.tax_code ?? null,
    tax_of: null,
    text: line.text ?? null,
    cost_center: null,
    cost_center_2: null,
  }));
  const entry = {
    id: randomUUID(),
    status: body.status,
    fiscal_year: null,
    period: null,
    number: null,
    posting_date: body.posting_date,
    document_date: body.document_date,
  };
  return {
    status: 201,
    body: {
      ...entry,
      document_ref: body.document_ref,
      description: body.description ?? '',
      currency: 'EUR',
      exchange_rate: '1',
      reversal_of: null,
      reversed_by: null,
      lines,
      version: 1,
    },
  };
}

const AGING = {
  at: '2026-11-15',
  kind: 'receivable',
  rows: [
    {
      partner: MUELLER,
      currency: 'EUR',
      not_due: '1190.50',
      overdue_1_30: '0.00',
      overdue_31_60: '119.00',
      overdue_61_90: '0.00',
      overdue_over_90: '0.00',
      total: '1309.50',
      credits: '0.00',
    },
  ],
  totals: [
    {
      currency: 'EUR',
      not_due: '1190.50',
      overdue_1_30: '0.00',
      overdue_31_60: '119.00',
      overdue_61_90: '0.00',
      overdue_over_90: '0.00',
      total: '1309.50',
      credits: '0.00',
    },
  ],
};

/** What the real core and finance answer to the calls the assistant makes, permission by permission. */
function route(method: string, url: URL, principal: Principal, body: Record<string, unknown> | undefined): Answer {
  const needs = (permission: string, answer: () => Answer) => (principal.permissions.includes(permission) ? answer() : forbidden(permission));
  const path = url.pathname;
  if (method === 'GET' && path === '/api/v1/search') return search(url, principal);
  const productLevels = /^\/api\/v1\/inventory\/products\/([0-9a-f-]{36})\/levels$/.exec(path);
  if (method === 'GET' && productLevels?.[1]) return needs('core.inventory:read', () => levels(productLevels[1] ?? ''));
  if (method === 'GET' && path === '/api/v1/finance/open-items') {
    const status = url.searchParams.get('status');
    const partner = url.searchParams.get('partner_id');
    const items = OPEN_ITEMS.filter((item) => (!status || item.status === status) && (!partner || item.partner.id === partner));
    return needs('finance.entries:read', () => ({ status: 200, body: { items, next_cursor: null } }));
  }
  if (method === 'GET' && path === '/api/v1/finance/open-items/aging') return needs('finance.entries:read', () => ({ status: 200, body: AGING }));
  if (method === 'GET' && path === '/api/v1/finance/reports/trial-balance') {
    if (url.searchParams.get('fiscal_year') !== '2026')
      return problem(404, 'FIN_FISCAL_YEAR_NOT_FOUND', 'Fiscal year not found', `There is no fiscal year ${url.searchParams.get('fiscal_year')}.`);
    return needs('finance.reports:read', () => ({ status: 200, body: TRIAL_BALANCE }));
  }
  if (method === 'POST' && path === '/api/v1/finance/transactions') return needs('finance.entries:post', () => createEntry(body ?? {}));
  return problem(404, 'KIT_ROUTE_NOT_FOUND', 'Not Found', `${method} ${path} is not a route.`);
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : undefined;
}

async function handle(request: IncomingMessage, response: ServerResponse, verify: () => (token: string) => Promise<Principal>, calls: RecordedCall[]) {
  const url = new URL(request.url ?? '/', 'http://fake');
  const body = await readBody(request);
  const authorization = request.headers.authorization;
  calls.push({ method: request.method ?? 'GET', path: url.pathname, authorization, requestId: request.headers['x-request-id'] as string | undefined, body });
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  const principal = token ? await verify()(token).catch(() => undefined) : undefined;
  const answer = principal
    ? route(request.method ?? 'GET', url, principal, body)
    : problem(401, 'KIT_UNAUTHENTICATED', 'Unauthorized', 'The access token is missing or invalid.');
  const type = answer.status >= 400 ? 'application/problem+json' : 'application/json';
  response.writeHead(answer.status, { 'content-type': type }).end(JSON.stringify(answer.body));
}

/**
 * Core and finance in one HTTP server, answering the assistant's calls as the real services do: it verifies the
 * access token (401 without a valid one), refuses a missing permission with 403, and records every call.
 */
export async function startFakeErp(verifier: () => { verify(token: string): Promise<Principal> }): Promise<FakeErp> {
  const calls: RecordedCall[] = [];
  const server = createServer((request, response) => void handle(request, response, () => (token) => verifier().verify(token), calls));
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
