import type { Kysely } from 'kysely';
import { countOpenIncidents } from '../db/incidents.js';
import type { ObserverDb } from '../db/schema.js';
import { findIncidentChanges, findLatestRoundMs, findRoundsAfter } from './dashboard-queries.js';
import { toRoundMessages, toServerSentEvent } from './round-message.js';

/** One connected stream: where its bytes go. */
export interface StreamClient {
  /** Writes a chunk; returns the bytes waiting to be sent to this client. */
  write(chunk: string): number;
  end(): void;
}

export interface StreamHubOptions {
  readonly db: Kysely<ObserverDb>;
  readonly streamsMax: number;
  readonly heartbeatMs: number;
  /** How often the tables are checked for a new round while a stream is open. */
  readonly checkMs: number;
  readonly now: () => number;
  readonly logger: { warn(fields: object, message: string): void; error(fields: object, message: string): void };
}

/** The live streams of one observer process: they share one reader of new rounds, which runs only while one is open. */
export interface StreamHub {
  readonly size: number;
  hasRoom(): boolean;
  /**
   * Adds a client (after `hasRoom()`); it first receives the rounds after `sinceMs` (at most the last
   * {@link CATCH_UP_MS}) and then every new round. Returns the function that removes it.
   */
  attach(client: StreamClient, sinceMs: number | undefined): () => void;
  /** Ends every stream (the app is closing). */
  close(): void;
}

/** A reconnecting client catches up at most this far back; for more it reloads the history. */
export const CATCH_UP_MS = 15 * 60_000;
const ROUNDS_PER_READ = 100;
// A client that has not taken this much is not reading; it is dropped rather than buffered without bound.
const BACKLOG_BYTES_MAX = 4 * 1024 * 1024;

/**
 * Reads the rounds the collector stored after the last one sent, one query every `checkMs`, and sends each as
 * one `round` event to every stream; a comment line every `heartbeatMs` keeps idle streams open. All reads run
 * one after the other, so a joining client's catch-up and the next broadcast never overlap or skip a round.
 */
export function createStreamHub(options: StreamHubOptions): StreamHub {
  const clients = new Map<StreamClient, { ready: boolean }>();
  let cursorMs: number | undefined;
  let queue: Promise<void> = Promise.resolve();
  let checking = false;
  let checkTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const enqueue = (task: () => Promise<void>) => {
    queue = queue.then(task).catch((error: unknown) => options.logger.error({ err: error }, 'dashboard stream update failed; retrying'));
    return queue;
  };

  const send = (client: StreamClient, chunk: string) => {
    if (client.write(chunk) > BACKLOG_BYTES_MAX) {
      options.logger.warn({ backlog_bytes_max: BACKLOG_BYTES_MAX }, 'dashboard stream dropped: the client does not read');
      remove(client);
      client.end();
    }
  };

  const readRounds = async (afterMs: number) => {
    const points = await findRoundsAfter(options.db, afterMs, ROUNDS_PER_READ);
    const lastMs = points.at(-1)?.atMs;
    if (lastMs === undefined) return [];
    const [incidents, open] = await Promise.all([findIncidentChanges(options.db, afterMs, lastMs), countOpenIncidents(options.db)]);
    return toRoundMessages(points, incidents, open, afterMs);
  };

  const broadcast = async () => {
    if (cursorMs === undefined) return;
    const rounds = await readRounds(cursorMs);
    for (const { atMs, message } of rounds) {
      cursorMs = atMs;
      for (const [client, state] of clients) if (state.ready) send(client, toServerSentEvent('round', message, atMs));
    }
  };

  const check = () => {
    if (checking) return;
    checking = true;
    void enqueue(broadcast).finally(() => {
      checking = false;
    });
  };

  const heartbeat = () => {
    const line = `: heartbeat ${new Date(options.now()).toISOString()}\n\n`;
    for (const [client, state] of clients) if (state.ready) send(client, line);
  };

  const start = () => {
    if (checkTimer) return;
    checkTimer = setInterval(check, options.checkMs);
    heartbeatTimer = setInterval(heartbeat, options.heartbeatMs);
  };

  const stopWhenIdle = () => {
    if (clients.size > 0) return;
    clearInterval(checkTimer);
    clearInterval(heartbeatTimer);
    checkTimer = undefined;
    heartbeatTimer = undefined;
    // Nobody listens: the next stream starts from the newest round instead of a backlog. Queued, so that a read
    // still running cannot set the cursor again afterwards.
    void enqueue(async () => {
      if (clients.size === 0) cursorMs = undefined;
    });
  };

  const remove = (client: StreamClient) => {
    if (!clients.delete(client)) return;
    stopWhenIdle();
  };

  const join = async (client: StreamClient, sinceMs: number | undefined) => {
    if (!clients.has(client)) return;
    cursorMs ??= (await findLatestRoundMs(options.db)) ?? options.now();
    const hubCursorMs = cursorMs;
    let afterMs = sinceMs === undefined ? hubCursorMs : Math.max(sinceMs, hubCursorMs - CATCH_UP_MS);
    while (afterMs < hubCursorMs && clients.has(client)) {
      const rounds = (await readRounds(afterMs)).filter(({ atMs }) => atMs <= hubCursorMs);
      const last = rounds.at(-1);
      if (!last) break;
      for (const { atMs, message } of rounds) send(client, toServerSentEvent('round', message, atMs));
      afterMs = last.atMs;
    }
    const state = clients.get(client);
    if (!state) return;
    state.ready = true;
    send(client, toServerSentEvent('ready', { at: new Date(options.now()).toISOString(), last_round: new Date(hubCursorMs).toISOString() }));
  };

  return {
    get size() {
      return clients.size;
    },
    hasRoom: () => !closed && clients.size < options.streamsMax,
    attach(client, sinceMs) {
      clients.set(client, { ready: false });
      start();
      void enqueue(() =>
        join(client, sinceMs).catch((error: unknown) => {
          // Without its catch-up the client would wait for `ready` forever; ending it makes it reconnect.
          options.logger.error({ err: error }, 'dashboard stream could not start; closing it');
          remove(client);
          client.end();
        }),
      );
      return () => remove(client);
    },
    close() {
      closed = true;
      for (const client of [...clients.keys()]) {
        remove(client);
        client.end();
      }
    },
  };
}
