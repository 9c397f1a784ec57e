import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createStreamHub, type StreamClient } from '../../src/dashboard/stream-hub.js';
import type { ObserverDb } from '../../src/db/schema.js';
import { buildTestObserver, type TestObserver } from '../helpers.js';

const silent = { warn: () => {}, error: () => {} };

function fakeClient(backlogBytes = 0) {
  const chunks: string[] = [];
  let ended = false;
  const client: StreamClient = {
    write(chunk) {
      chunks.push(chunk);
      return backlogBytes;
    },
    end() {
      ended = true;
    },
  };
  return { client, chunks, ended: () => ended };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let observer: TestObserver;

beforeAll(async () => {
  observer = await buildTestObserver(inject('adminUrl'));
});

afterAll(async () => {
  await observer?.close();
});

describe('createStreamHub', () => {
  it('should end a stream whose start fails (database unreachable) and free its slot, so the client reconnects', async () => {
    const db = new Kysely<ObserverDb>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 500 }) }),
    });
    const hub = createStreamHub({ db, streamsMax: 1, heartbeatMs: 60_000, checkMs: 60_000, now: Date.now, logger: silent });
    const { client, ended } = fakeClient();

    hub.attach(client, undefined);
    await until(ended);

    expect(hub.size).toBe(0);
    expect(hub.hasRoom()).toBe(true);
    hub.close();
    await db.destroy();
  });

  it('should drop a client that does not read instead of buffering without bound', async () => {
    const hub = createStreamHub({ db: observer.db.kysely, streamsMax: 2, heartbeatMs: 60_000, checkMs: 60_000, now: Date.now, logger: silent });
    const reading = fakeClient();
    const stuck = fakeClient(5 * 1024 * 1024);

    hub.attach(reading.client, undefined);
    hub.attach(stuck.client, undefined);
    await until(() => reading.chunks.some((chunk) => chunk.startsWith('event: ready')) && stuck.ended());

    expect(reading.ended()).toBe(false);
    expect(hub.size).toBe(1);
    hub.close();
    expect(reading.ended()).toBe(true);
    expect(hub.hasRoom()).toBe(false);
  });
});
