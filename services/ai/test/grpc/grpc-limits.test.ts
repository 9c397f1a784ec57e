import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import { createTestTokens, type TestTokens } from '@erp/kit/testing';
import { status } from '@grpc/grpc-js';
import { sql } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ALL_AI_PERMISSIONS } from '../helpers.js';
import { buildGrpcTestApp, createTestClient, type FinanceIntelligenceTestClient, type GrpcTestAi, refusalOf } from './grpc-app.js';

let tokens: TestTokens;
let ai: GrpcTestAi;
let client: FinanceIntelligenceTestClient;
const tenantId = randomUUID();
const request = { draft_entry: { description: 'Büromaterial Viking', amount: '119.00' } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bearer = () => tokens.bearer({ tenantId, permissions: ALL_AI_PERMISSIONS });

async function suggestionCount(app: GrpcTestAi): Promise<number> {
  const { rows } = await withTenant(app.db.kysely, tenantId, (trx) => sql<{ count: string }>`select count(*) as count from suggestion`.execute(trx));
  return Number(rows[0]?.count);
}

/**
 * Holds an exclusive lock on the suggestion table from another connection until the returned function is
 * called, so that a call blocks at the moment it stores its suggestion.
 */
async function lockSuggestions(app: GrpcTestAi): Promise<() => Promise<void>> {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked: () => void = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = app.asAdmin(async (connection: pg.Client) => {
    await connection.query('begin');
    await connection.query('lock table ai.suggestion in access exclusive mode');
    locked();
    await released;
    await connection.query('rollback');
  });
  await isLocked;
  return async () => {
    release();
    await holder;
  };
}

beforeAll(async () => {
  tokens = await createTestTokens();
  ai = await buildGrpcTestApp(inject('adminUrl'), {
    verifier: tokens.verifier,
    env: { AI_GRPC_MAX_MESSAGE_BYTES: '65536', AI_GRPC_MAX_CONCURRENT_CALLS: '1' },
  });
  client = createTestClient(ai.address);
});
afterAll(async () => {
  client.close();
  await ai.close();
});

describe('the gRPC server of the ai service', () => {
  it('should answer DEADLINE_EXCEEDED when the deadline passes, and stop the work without committing it', async () => {
    const unlock = await lockSuggestions(ai);

    const startedAt = Date.now();
    const refusal = await refusalOf(client.suggestPostings(request, { authorization: await bearer(), deadlineMs: 300 }));
    const tookMs = Date.now() - startedAt;
    // The lock is held well past the deadline: the server's own statement timeout must end the blocked insert.
    await sleep(700);
    await unlock();
    await sleep(200);

    expect(refusal.code).toBe(status.DEADLINE_EXCEEDED);
    expect(tookMs).toBeLessThan(2000);
    expect(await suggestionCount(ai)).toBe(0);
  });

  it('should refuse a second call while the limit of calls at once is reached with RESOURCE_EXHAUSTED', async () => {
    const unlock = await lockSuggestions(ai);

    const first = client.suggestPostings(request, { authorization: await bearer(), deadlineMs: 5000 });
    await sleep(200);
    const second = await refusalOf(client.suggestPostings(request, { authorization: await bearer() }));
    await unlock();

    expect(second).toMatchObject({ code: status.RESOURCE_EXHAUSTED, errorCode: 'AI_GRPC_BUSY' });
    expect((await first).suggestion_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await suggestionCount(ai)).toBe(1);
  });

  it('should refuse a message over the size limit with RESOURCE_EXHAUSTED before reading it', async () => {
    const oversized = { incoming_invoice: { supplier: 'Büroshop', text: 'Toner '.repeat(20_000) } };

    const refusal = await refusalOf(client.suggestPostings(oversized, { authorization: await bearer() }));

    expect(refusal.code).toBe(status.RESOURCE_EXHAUSTED);
  });
});

describe('the gRPC server with its own time limit', () => {
  it('should end a call at AI_GRPC_CALL_TIMEOUT_MS even when the client allows more', async () => {
    const local = await buildGrpcTestApp(inject('adminUrl'), { verifier: tokens.verifier, env: { AI_GRPC_CALL_TIMEOUT_MS: '300' } });
    const localClient = createTestClient(local.address);
    const unlock = await lockSuggestions(local);

    const startedAt = Date.now();
    const refusal = await refusalOf(localClient.suggestPostings(request, { authorization: await bearer(), deadlineMs: 10_000 }));
    const tookMs = Date.now() - startedAt;
    await sleep(500);
    await unlock();
    const stored = await suggestionCount(local);
    localClient.close();
    await local.close();

    expect(refusal).toMatchObject({ code: status.DEADLINE_EXCEEDED, errorCode: 'AI_GRPC_DEADLINE_EXCEEDED' });
    expect(tookMs).toBeLessThan(2000);
    expect(stored).toBe(0);
  });
});

describe('the gRPC server at shutdown', () => {
  it('should let a call in flight finish when the app closes, and then stop taking calls', async () => {
    const local = await buildGrpcTestApp(inject('adminUrl'), { verifier: tokens.verifier, env: { AI_GRPC_SHUTDOWN_GRACE_MS: '10000' } });
    const localClient = createTestClient(local.address);
    const unlock = await lockSuggestions(local);

    // 1. A call blocks on the lock; 2. the app starts closing; 3. the lock goes and the call completes.
    const inFlight = localClient.suggestPostings(request, { authorization: await bearer(), deadlineMs: 10_000 });
    await sleep(200);
    const closing = local.app.close();
    await sleep(200);
    await unlock();
    const answer = await inFlight;
    await closing;
    const after = await refusalOf(localClient.suggestPostings(request, { authorization: await bearer(), deadlineMs: 2000 }));
    localClient.close();
    await local.database.drop();

    expect(answer.kind).toBe('draft_entry');
    expect(after.code).toBe(status.UNAVAILABLE);
  });

  it('should cancel calls still running after the grace period', async () => {
    const local = await buildGrpcTestApp(inject('adminUrl'), { verifier: tokens.verifier, env: { AI_GRPC_SHUTDOWN_GRACE_MS: '300' } });
    const localClient = createTestClient(local.address);
    const unlock = await lockSuggestions(local);

    const inFlight = refusalOf(localClient.suggestPostings(request, { authorization: await bearer(), deadlineMs: 10_000 }));
    await sleep(200);
    const startedAt = Date.now();
    const closing = local.app.close();
    const refusal = await inFlight;
    const cancelledAfterMs = Date.now() - startedAt;
    await unlock();
    await closing;
    localClient.close();
    await local.database.drop();

    expect([status.CANCELLED, status.UNAVAILABLE]).toContain(refusal.code);
    expect(cancelledAfterMs).toBeLessThan(3000);
  });
});
