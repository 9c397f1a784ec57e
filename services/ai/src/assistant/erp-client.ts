/** A service the assistant's tools call. */
export type ErpService = 'core' | 'finance';

/** A service's answer: its JSON on success, or why it refused (its problem document) or could not be reached. */
export type ErpAnswer =
  | { readonly ok: true; readonly status: number; readonly body: unknown }
  | { readonly ok: false; readonly status: number | null; readonly code: string; readonly title: string; readonly detail: string };

/**
 * The only calls the assistant can make to the other services: reads, and creating a draft journal entry.
 * There is no method that posts, changes or deletes anything, so no prompt can make the assistant do it.
 */
export interface ErpClient {
  get(service: ErpService, path: string, query?: Readonly<Record<string, string | number | boolean | undefined>>): Promise<ErpAnswer>;
  /** `POST /api/v1/finance/transactions` with `status: "draft"` forced: a draft changes nothing in the ledger. */
  createDraftEntry(body: Readonly<Record<string, unknown>>): Promise<ErpAnswer>;
}

export interface ErpClientOptions {
  readonly baseUrls: Readonly<Record<ErpService, string>>;
  /** The caller's own `Authorization` header, forwarded unchanged: every call runs with the user's rights. */
  readonly authorization: string;
  /** `x-request-id` and `traceparent` of the request, so logs and traces join up. */
  readonly traceHeaders: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Aborted when the turn ends early (client gone, time limit). */
  readonly signal: AbortSignal;
  readonly fetch?: typeof globalThis.fetch;
}

// A report of a large tenant is a few hundred kilobytes; anything far beyond is not read into memory.
const RESPONSE_BYTES_MAX = 4_000_000;

const SERVICE_LABEL: Record<ErpService, string> = { core: 'core', finance: 'finance' };

function failure(status: number | null, code: string, title: string, detail: string): ErpAnswer {
  return { ok: false, status, code, title, detail };
}

async function readCapped(response: Response): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > RESPONSE_BYTES_MAX) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asProblem(service: ErpService, status: number, body: unknown): ErpAnswer {
  const problem = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (value: unknown, fallback: string) => (typeof value === 'string' && value.length > 0 ? value.slice(0, 1000) : fallback);
  return failure(status, text(problem.code, `HTTP_${status}`), text(problem.title, `${SERVICE_LABEL[service]} answered ${status}`), text(problem.detail, ''));
}

async function toAnswer(service: ErpService, response: Response): Promise<ErpAnswer> {
  const text = await readCapped(response);
  if (text === undefined)
    return failure(null, 'RESPONSE_TOO_LARGE', 'Answer too large', `The ${service} service's answer exceeded ${RESPONSE_BYTES_MAX} bytes.`);
  const body = text === '' ? null : parseJson(text);
  if (response.status >= 200 && response.status < 300) {
    if (body === undefined)
      return failure(response.status, 'RESPONSE_UNREADABLE', 'Unreadable answer', `The ${service} service answered something other than JSON.`);
    return { ok: true, status: response.status, body };
  }
  return asProblem(service, response.status, body);
}

function toUrl(base: string, path: string, query: Readonly<Record<string, string | number | boolean | undefined>> | undefined): string {
  const url = new URL(`${base}${path}`);
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
  return url.toString();
}

/** Makes the client of one turn: every call carries the user's token, the trace, a timeout and the turn's signal. */
export function createErpClient(options: ErpClientOptions): ErpClient {
  const fetchImpl = options.fetch ?? globalThis.fetch;

  async function send(service: ErpService, method: 'GET' | 'POST', url: string, body: string | undefined): Promise<ErpAnswer> {
    const headers: Record<string, string> = { ...options.traceHeaders, authorization: options.authorization, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const timeout = AbortSignal.timeout(options.timeoutMs);
    try {
      // A redirect would carry the user's token elsewhere; no service answers one.
      const response = await fetchImpl(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.any([options.signal, timeout]) });
      return await toAnswer(service, response);
    } catch (error) {
      if (timeout.aborted) return failure(504, 'SERVICE_TIMEOUT', 'No answer in time', `The ${service} service did not answer within ${options.timeoutMs} ms.`);
      if (options.signal.aborted) throw error;
      return failure(503, 'SERVICE_UNREACHABLE', 'Service unreachable', `The ${service} service could not be reached.`);
    }
  }

  return {
    async get(service, path, query) {
      const url = toUrl(options.baseUrls[service], path, query);
      const first = await send(service, 'GET', url, undefined);
      // A read is safe to repeat once after a connection failure (a restarting instance).
      return !first.ok && first.code === 'SERVICE_UNREACHABLE' ? send(service, 'GET', url, undefined) : first;
    },
    createDraftEntry(body) {
      const url = toUrl(options.baseUrls.finance, '/api/v1/finance/transactions', undefined);
      return send('finance', 'POST', url, JSON.stringify({ ...body, status: 'draft' }));
    },
  };
}
