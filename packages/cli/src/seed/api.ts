/** An answer of the ERP's API: status, parsed body and ETag. */
export interface ApiAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly etag: string | undefined;
}

/** A failed request: names method, path, status and the problem's code and detail. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** A small JSON client of the gateway for `erp seed`, carrying one user's access token. */
export class SeedApi {
  #token = '';

  constructor(readonly baseUrl: string) {}

  async logIn(email: string, password: string): Promise<boolean> {
    const answer = await this.request('POST', '/api/v1/auth/login', { email, password }, { allow: [401] });
    if (answer.status === 401) return false;
    this.#token = String(answer.body.access_token);
    return true;
  }

  get(path: string): Promise<ApiAnswer> {
    return this.request('GET', path);
  }

  post(path: string, body: unknown, options: { ifMatch?: string; idempotencyKey?: string; allow?: number[] } = {}): Promise<ApiAnswer> {
    return this.request('POST', path, body, options);
  }

  /** Every item of a paged list (`{ items, next_cursor }`), following the cursor. */
  async all(path: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const answer = await this.get(`${path}${separator}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      items.push(...(answer.body.items as Record<string, unknown>[]));
      cursor = answer.body.next_cursor as string | null;
    } while (cursor);
    return items;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    options: { ifMatch?: string; idempotencyKey?: string; allow?: number[] } = {},
  ): Promise<ApiAnswer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (response.status >= 400 && !(options.allow ?? []).includes(response.status)) {
      const code = typeof parsed.code === 'string' ? parsed.code : undefined;
      throw new ApiError(response.status, code, `${method} ${path} answered ${response.status} ${code ?? ''}: ${String(parsed.detail ?? text.slice(0, 300))}`);
    }
    return { status: response.status, body: parsed, etag: response.headers.get('etag') ?? undefined };
  }
}
