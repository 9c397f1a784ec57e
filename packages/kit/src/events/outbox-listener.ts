import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { EventLogger } from './event-transport.js';

/** A LISTEN session that calls back when an outbox row commits; see {@link listenForOutboxWrites}. */
export interface OutboxListener {
  stop(): Promise<void>;
}

const RECONNECT_DELAY_MS = 1_000;

/**
 * Holds one connection of `pool` in `LISTEN erp_outbox_<schema>` (the channel `writeEvent` notifies) and calls
 * `onWrite` for each notification. A lost connection is replaced after a second; `onWrite` is then called
 * once, because notifications sent in between were lost with it.
 *
 * ### Example
 * ```ts
 * const listener = listenForOutboxWrites(db.pool, () => wake(), app.log);
 * await listener.stop();
 * ```
 */
export function listenForOutboxWrites(pool: pg.Pool, onWrite: () => void, logger: EventLogger): OutboxListener {
  const abort = new AbortController();
  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      await listenUntilLost(pool, onWrite, abort.signal).catch((error: unknown) => logger.warn({ err: error }, 'outbox listener lost its connection'));
      await sleep(RECONNECT_DELAY_MS, undefined, { signal: abort.signal }).catch(() => undefined);
    }
  };
  const running = run();
  return {
    async stop() {
      abort.abort();
      await running;
    },
  };
}

async function listenUntilLost(pool: pg.Pool, onWrite: () => void, signal: AbortSignal): Promise<void> {
  const client = await pool.connect();
  try {
    const lost = new Promise<void>((resolve) => {
      client.on('error', () => resolve());
      client.on('end', () => resolve());
    });
    client.on('notification', () => onWrite());
    const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
    await client.query(`listen ${client.escapeIdentifier(`erp_outbox_${rows[0]?.schema ?? 'public'}`)}`);
    onWrite();
    await Promise.race([lost, whenAborted(signal)]);
  } finally {
    // Destroy rather than return the connection: it is still subscribed to the channel.
    client.release(true);
  }
}

function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
