import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { withTenant } from '../db/with-tenant.js';
import { IdempotencyKeyInFlightError, IdempotencyKeyInvalidError, IdempotencyKeyReusedError } from '../errors/kit-errors.js';
import { deleteExpiredKeys, deleteResponsesOf, findStoredResponse, type IdempotentRequest, storeResponse, tryLockKey } from './idempotency-store.js';

/** What a route answers; {@link withIdempotency} sends it and, under a key, stores it. */
export interface IdempotentResponse<Body = unknown> {
  readonly status: number;
  readonly body: Body;
  /** Headers to send and replay with the body, e.g. `location` and `etag`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Options of {@link withIdempotency}. */
export interface IdempotencyOptions {
  /** The caller's tenant: keys are unique per tenant, and the work runs under its row-level security. */
  readonly tenantId: string;
  /** How long a stored response is replayed; 24 hours by default. */
  readonly ttlMs?: number;
  /** The current time; tests pass a fixed one. */
  readonly now?: Date;
}

/** How long a stored response is replayed unless {@link IdempotencyOptions.ttlMs} says otherwise. */
export const IDEMPOTENCY_TTL_MS_DEFAULT = 86_400_000;

const KEY_PATTERN = /^[\x21\x23-\x7e]{1,255}$/;
const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * Runs `work` in a tenant transaction (as `withTenant` does) and sends its response, honouring an
 * `Idempotency-Key` request header: the first request with a key stores its response in the same
 * transaction as the work's changes; a later request with the same key and the same method, path, query and
 * body gets the stored response again, with `Idempotent-Replayed: true`, and `work` does not run. The same
 * key with a different request answers 422 `KIT_IDEMPOTENCY_KEY_REUSED`; while the first request is still
 * running, another one with its key answers 409 `KIT_IDEMPOTENCY_KEY_IN_FLIGHT`. If `work` throws, nothing
 * is stored and the key may be used again. Keys expire after 24 hours. Without the header, `work` simply
 * runs once.
 *
 * ### Example
 * ```ts
 * app.post('/customers', { config: { permission: 'core.customers:write' } }, (request, reply) =>
 *   withIdempotency(db, request, reply, { tenantId: getPrincipal(request).tenantId }, async (trx) => {
 *     const customer = await insertCustomer(trx, request.body);
 *     return { status: 201, body: customer, headers: { location: `/api/v1/customers/${customer.id}` } };
 *   }),
 * );
 * ```
 */
export async function withIdempotency<Schema>(
  db: Kysely<Schema>,
  request: FastifyRequest,
  reply: FastifyReply,
  options: IdempotencyOptions,
  work: (trx: Transaction<Schema>) => Promise<IdempotentResponse>,
): Promise<FastifyReply> {
  const key = idempotencyKeyOf(request.headers['idempotency-key']);
  const response = await withTenant(db, options.tenantId, async (trx) => {
    if (key === undefined) return { ...(await work(trx)), replayed: false };
    const identity = { tenantId: options.tenantId, key, method: request.method, path: request.url.split('?')[0] ?? '/', requestHash: hashRequest(request) };
    return runOnce(trx, identity, options, work);
  });
  reply.code(response.status);
  for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
  if (response.replayed) reply.header(REPLAYED_HEADER, 'true');
  return reply.send(response.body ?? undefined);
}

async function runOnce<Schema>(
  trx: Transaction<Schema>,
  request: IdempotentRequest,
  options: IdempotencyOptions,
  work: (trx: Transaction<Schema>) => Promise<IdempotentResponse>,
): Promise<IdempotentResponse & { replayed: boolean }> {
  const now = options.now ?? new Date();
  if (!(await tryLockKey(trx, request))) throw new IdempotencyKeyInFlightError();
  const stored = await findStoredResponse(trx, request, now);
  if (stored) {
    if (stored.method !== request.method || stored.path !== request.path || stored.requestHash !== request.requestHash) throw new IdempotencyKeyReusedError();
    return { status: stored.status, headers: stored.headers, body: stored.body, replayed: true };
  }
  const response = await work(trx);
  const expiresAt = new Date(now.getTime() + (options.ttlMs ?? IDEMPOTENCY_TTL_MS_DEFAULT));
  await storeResponse(trx, request, { status: response.status, headers: { ...response.headers }, body: response.body }, { now, expiresAt });
  return { ...response, replayed: false };
}

/** The key of the request, `undefined` without the header; an sf-string's quotes are accepted and removed. */
function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = typeof header === 'string' ? header.replace(/^"(.*)"$/, '$1') : '';
  if (!KEY_PATTERN.test(value)) throw new IdempotencyKeyInvalidError();
  return value;
}

function hashRequest(request: FastifyRequest): string {
  return createHash('sha256')
    .update(canonicalJson({ query: request.query ?? null, body: request.body ?? null }))
    .digest('hex');
}

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(Buffer.isBuffer(value) ? value.toString('base64') : value) ?? 'null';
}

/**
 * Deletes the stored responses of every tenant that expired at or before `now`; returns how many. Run it
 * periodically (hourly is plenty): expired keys are already ignored, this only reclaims their space.
 *
 * ### Example
 * ```ts
 * setInterval(() => pruneIdempotencyKeys(db.kysely).catch((error) => app.log.warn({ err: error })), 3_600_000).unref();
 * ```
 */
export function pruneIdempotencyKeys<Schema>(db: Kysely<Schema>, now: Date = new Date()): Promise<number> {
  return deleteExpiredKeys(db, now);
}

/**
 * Deletes the stored responses (of the transaction's tenant) whose body is the resource `resourceId`, i.e.
 * has `"id": resourceId` at its top level; returns how many. Call it when erasing personal data, so that a
 * replay cannot hand the erased data out again.
 *
 * ### Example
 * ```ts
 * await withTenant(db, tenantId, (trx) => forgetIdempotentResponses(trx, tenantId, customerId));
 * ```
 */
export function forgetIdempotentResponses<Schema>(trx: Transaction<Schema>, tenantId: string, resourceId: string): Promise<number> {
  return deleteResponsesOf(trx, tenantId, resourceId);
}
