import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { EventLogger, EventTransport } from './event-transport.js';
import { listenForOutboxWrites, type OutboxListener } from './outbox-listener.js';
import { prunePublishedEvents } from './outbox-queries.js';
import { publishDueEvents, type RelayBatchResult } from './publish-due-events.js';
import type { RetryPolicy } from './retry-policy.js';
import { createWakeSignal } from './wake-signal.js';

export type { RelayBatchResult } from './publish-due-events.js';

/** Settings of {@link createOutboxRelay}; only `db`, `transport` and `logger` are required. */
export interface OutboxRelayOptions<Schema> {
  /** The service's database (runtime role, search path on the service schema). */
  readonly db: Kysely<Schema>;
  readonly transport: Pick<EventTransport, 'publish'>;
  readonly logger: EventLogger;
  /** When given, one connection of it listens for committed outbox rows, so the relay wakes at once. */
  readonly pool?: pg.Pool | undefined;
  /** Rows per transaction. Default 100. */
  readonly batchSize?: number;
  /** Poll interval when nothing wakes the relay. Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** Backoff of a row whose publish failed. Default 500 ms doubling up to 30 s. */
  readonly publishRetry?: Pick<RetryPolicy, 'retryDelayMs' | 'retryDelayMsMax'>;
  /** How long published rows are kept before pruning. Default 7 days. */
  readonly retentionMs?: number;
  /** How often published rows are pruned. Default hourly. */
  readonly pruneIntervalMs?: number;
}

/** The background publisher of a service's outbox; see {@link createOutboxRelay}. */
export interface OutboxRelay {
  /** Starts the background loop. */
  start(): void;
  /** Stops the loop after the batch in progress. */
  stop(): Promise<void>;
  /** Publishes one batch now. */
  relayBatch(): Promise<RelayBatchResult>;
  /** Publishes batches until no row is due or a publish fails; returns how many rows it published. */
  flush(): Promise<number>;
  /** Deletes published rows older than the retention; returns how many. */
  prune(): Promise<number>;
}

/**
 * Creates the relay that publishes outbox rows through `transport`, oldest first, and marks them published.
 * Each batch locks its rows (`FOR UPDATE SKIP LOCKED`), publishes them one by one with broker confirmation,
 * and marks them in the same transaction. A relay that dies between publish and mark leaves the rows
 * unpublished, so they are published again: delivery is at least once, and consumers deduplicate by event
 * id (see `createEventConsumer`). A failed publish holds that row back with a backoff and ends the batch.
 *
 * ### Example
 * ```ts
 * const relay = createOutboxRelay({ db: db.kysely, pool: db.pool, transport, logger: app.log });
 * relay.start();
 * app.addHook('onClose', () => relay.stop());
 * ```
 */
export function createOutboxRelay<Schema>(options: OutboxRelayOptions<Schema>): OutboxRelay {
  const settings = {
    batchSize: options.batchSize ?? 100,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    retentionMs: options.retentionMs ?? 7 * 86_400_000,
    pruneIntervalMs: options.pruneIntervalMs ?? 3_600_000,
  };
  if (!Number.isInteger(settings.batchSize) || settings.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${settings.batchSize}`);
  const publishRetry = options.publishRetry ?? { retryDelayMs: 500, retryDelayMsMax: 30_000 };
  const signal = createWakeSignal();
  let running: Promise<void> | undefined;
  let listener: OutboxListener | undefined;
  let stopped = false;

  const relayBatch = () => publishDueEvents(options.db, options.transport, { batchSize: settings.batchSize, publishRetry, logger: options.logger });
  const prune = () => prunePublishedEvents(options.db, settings.retentionMs, 10_000);

  const loop = async (): Promise<void> => {
    let prunedAt = performance.now();
    while (!stopped) {
      const result = await relayBatch().catch((error: unknown) => {
        options.logger.error({ err: error }, 'outbox relay batch failed');
        return undefined;
      });
      if (performance.now() - prunedAt >= settings.pruneIntervalMs) {
        prunedAt = performance.now();
        await prune().catch((error: unknown) => options.logger.warn({ err: error }, 'outbox pruning failed'));
      }
      if (!result?.full && !stopped) await signal.wait(settings.pollIntervalMs);
    }
  };

  return {
    start() {
      if (running) return;
      stopped = false;
      if (options.pool) listener = listenForOutboxWrites(options.pool, () => signal.wake(), options.logger);
      running = loop();
    },
    async stop() {
      stopped = true;
      signal.wake();
      await running;
      await listener?.stop();
      running = undefined;
      listener = undefined;
    },
    relayBatch,
    async flush() {
      let total = 0;
      for (;;) {
        const result = await relayBatch();
        total += result.published;
        if (!result.full) return total;
      }
    },
    prune,
  };
}
