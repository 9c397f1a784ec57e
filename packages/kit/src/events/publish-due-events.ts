import type { Kysely } from 'kysely';
import type { EventLogger, EventTransport } from './event-transport.js';
import { lockDueEvents, markPublished, markPublishFailed, outboxRowToCloudEvent } from './outbox-queries.js';
import { type RetryPolicy, retryDelayMs } from './retry-policy.js';

/** What one relay transaction did. */
export interface RelayBatchResult {
  readonly published: number;
  readonly failed: number;
  /** True when the batch was full, so more rows may be due right now. */
  readonly full: boolean;
}

/** How {@link publishDueEvents} batches and backs off. */
export interface PublishDueEventsSettings {
  readonly batchSize: number;
  readonly publishRetry: Pick<RetryPolicy, 'retryDelayMs' | 'retryDelayMsMax'>;
  readonly logger: EventLogger;
}

/**
 * One relay transaction: locks up to `batchSize` due rows, publishes them in order, each confirmed by the
 * broker, and marks the published ones before the commit. The first failed publish ends the batch; that row
 * is held back with a backoff. If the transaction dies after a publish, the row stays unpublished and is
 * published again later, which is why consumers deduplicate.
 *
 * ### Example
 * ```ts
 * const { published } = await publishDueEvents(db, transport, { batchSize: 100, publishRetry, logger });
 * ```
 */
export function publishDueEvents<Schema>(
  db: Kysely<Schema>,
  transport: Pick<EventTransport, 'publish'>,
  settings: PublishDueEventsSettings,
): Promise<RelayBatchResult> {
  return db.transaction().execute(async (trx) => {
    const rows = await lockDueEvents(trx, settings.batchSize);
    const published: string[] = [];
    for (const row of rows) {
      try {
        await transport.publish(outboxRowToCloudEvent(row));
        published.push(row.id);
      } catch (error) {
        settings.logger.warn({ err: error, eventId: row.id, eventType: row.type }, 'event publish failed; it stays in the outbox');
        await markPublished(trx, published);
        const delayMs = retryDelayMs({ attempts: 1, ...settings.publishRetry }, row.attempts + 1);
        await markPublishFailed(trx, row.id, error instanceof Error ? error.message : String(error), delayMs);
        return { published: published.length, failed: 1, full: false };
      }
    }
    await markPublished(trx, published);
    return { published: published.length, failed: 0, full: rows.length === settings.batchSize };
  });
}
