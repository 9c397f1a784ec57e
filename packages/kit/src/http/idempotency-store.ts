import { type Kysely, sql, type Transaction } from 'kysely';

/** The identity of one request sent with an `Idempotency-Key`. */
export interface IdempotentRequest {
  readonly tenantId: string;
  readonly key: string;
  readonly method: string;
  readonly path: string;
  /** SHA-256 of the canonical JSON of the request's query and body. */
  readonly requestHash: string;
}

/** A response as it was sent the first time. */
export interface StoredResponse {
  readonly method: string;
  readonly path: string;
  readonly requestHash: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

interface StoredRow {
  method: string;
  path: string;
  request_hash: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Takes the transaction-scoped advisory lock of the key without waiting; `false` means another transaction
 * holds it, i.e. a request with the same key is in flight. The lock is released when the transaction ends,
 * after its rows have become visible, so the next holder sees the stored response.
 */
export async function tryLockKey<Schema>(trx: Transaction<Schema>, request: IdempotentRequest): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    select pg_try_advisory_xact_lock(hashtextextended('idempotency/' || current_schema() || '/' || ${request.tenantId} || '/' || ${request.key}, 0)) as locked`.execute(
    trx,
  );
  return rows[0]?.locked === true;
}

/** The unexpired stored response of the key, if any. */
export async function findStoredResponse<Schema>(trx: Transaction<Schema>, request: IdempotentRequest, now: Date): Promise<StoredResponse | undefined> {
  const { rows } = await sql<StoredRow>`
    select method, path, request_hash, status, headers, body from idempotency_key
    where tenant_id = ${request.tenantId} and key = ${request.key} and expires_at > ${now}`.execute(trx);
  const row = rows[0];
  if (!row) return undefined;
  return { method: row.method, path: row.path, requestHash: row.request_hash, status: row.status, headers: row.headers, body: row.body };
}

/** Stores the response; an expired row of the same key is replaced (the caller holds the key's lock). */
export async function storeResponse<Schema>(
  trx: Transaction<Schema>,
  request: IdempotentRequest,
  response: { status: number; headers: Record<string, string>; body: unknown },
  times: { now: Date; expiresAt: Date },
): Promise<void> {
  const body = response.body === undefined ? null : JSON.stringify(response.body);
  await sql`
    insert into idempotency_key (tenant_id, key, method, path, request_hash, status, headers, body, created_at, expires_at)
    values (${request.tenantId}, ${request.key}, ${request.method}, ${request.path}, ${request.requestHash}, ${response.status},
            ${JSON.stringify(response.headers)}::jsonb, ${body}::jsonb, ${times.now}, ${times.expiresAt})
    on conflict (tenant_id, key) do update
      set method = excluded.method, path = excluded.path, request_hash = excluded.request_hash, status = excluded.status,
          headers = excluded.headers, body = excluded.body, created_at = excluded.created_at, expires_at = excluded.expires_at
      where idempotency_key.expires_at <= ${times.now}`.execute(trx);
}

/** Deletes the keys of every tenant that expired at or before `now`; returns how many. */
export async function deleteExpiredKeys<Schema>(db: Kysely<Schema>, now: Date): Promise<number> {
  const { rows } = await sql<{ deleted: number }>`select kit_prune_idempotency_keys(${now}) as deleted`.execute(db);
  return rows[0]?.deleted ?? 0;
}

/** Deletes the tenant's stored responses whose body has `"id": resourceId` at the top level; returns how many. */
export async function deleteResponsesOf<Schema>(trx: Transaction<Schema>, tenantId: string, resourceId: string): Promise<number> {
  const result = await sql`
    delete from idempotency_key where tenant_id = ${tenantId} and body @> jsonb_build_object('id', ${resourceId}::text)`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
