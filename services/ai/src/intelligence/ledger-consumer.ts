import { type CloudEvent, FINANCE_EVENT_TYPES, FinanceEntryPostedV1, FinanceEntryReversedV1 } from '@erp/contracts';
import { createEventConsumer, type EventConsumer, type EventTransport, InvalidCloudEventError } from '@erp/kit';
import type { Kysely } from 'kysely';
import { Value } from 'typebox/value';
import { applyEntryPosted, applyEntryReversed } from '../db/ledger-entries.js';
import type { AiDb } from '../db/schema.js';

export interface LedgerConsumerOptions {
  readonly db: Kysely<AiDb>;
  readonly transport: Pick<EventTransport, 'subscribe'>;
  /** The durable queue; `ai` unless a test needs one of its own. */
  readonly queue?: string | undefined;
}

function tenantOf(event: CloudEvent): string {
  if (event.tenantid === undefined) throw new InvalidCloudEventError(`Event ${event.id} (${event.type}) has no tenantid`);
  return event.tenantid.toLowerCase();
}

function checked<Data>(event: CloudEvent, schema: typeof FinanceEntryPostedV1 | typeof FinanceEntryReversedV1): Data {
  // A malformed payload can never succeed: refusing it as invalid sends it to the dead-letter queue at once.
  if (!Value.Check(schema, event.data)) throw new InvalidCloudEventError(`Event ${event.id} (${event.type}) does not match its schema`);
  return event.data as Data;
}

/**
 * The consumer that keeps the ai service's ledger read model: each finance entry event is applied in one
 * transaction with its inbox record (the kit's consumer), so a redelivered event is applied once. Applying
 * an event bumps the tenant's generation, which keys the cached anomaly and forecast results.
 */
export function createLedgerConsumer(options: LedgerConsumerOptions): EventConsumer {
  return createEventConsumer<AiDb>({
    db: options.db,
    consumer: 'ai',
    queue: options.queue,
    transport: options.transport,
    handlers: {
      [FINANCE_EVENT_TYPES.entryPosted]: async (event, trx) => {
        await applyEntryPosted(trx, tenantOf(event), checked<FinanceEntryPostedV1>(event, FinanceEntryPostedV1));
      },
      [FINANCE_EVENT_TYPES.entryReversed]: async (event, trx) => {
        await applyEntryReversed(trx, tenantOf(event), checked<FinanceEntryReversedV1>(event, FinanceEntryReversedV1));
      },
    },
  });
}
