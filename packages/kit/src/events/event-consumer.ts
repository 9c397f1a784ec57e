import type { CloudEvent } from '@erp/contracts';
import { type Kysely, sql, type Transaction } from 'kysely';
import { InvalidCloudEventError } from './cloud-event.js';
import type { EventTransport } from './event-transport.js';
import { recordHandled } from './inbox.js';
import { assertEventType, assertQueueName } from './names.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Applies one event inside `trx`, the transaction that also records it in the inbox. */
export type EventHandler<Schema> = (event: CloudEvent, trx: Transaction<Schema>) => Promise<void>;

/** Settings of {@link createEventConsumer}. */
export interface EventConsumerOptions<Schema> {
  /** The consuming service's database (runtime role). */
  readonly db: Kysely<Schema>;
  /** The inbox key, and the queue name unless `queue` is given; usually the service name. */
  readonly consumer: string;
  readonly queue?: string | undefined;
  readonly transport: Pick<EventTransport, 'subscribe'>;
  /** One handler per exact event type. */
  readonly handlers: Readonly<Record<string, EventHandler<Schema>>>;
}

/** What {@link EventConsumer.handle} did with one delivery. */
export type HandleOutcome = 'handled' | 'duplicate' | 'ignored';

/** A service's consumer of events; see {@link createEventConsumer}. */
export interface EventConsumer {
  readonly consumer: string;
  /** Subscribes the handlers' types on the transport; deliveries start flowing. */
  start(): Promise<void>;
  /** Handles one delivery; the transport calls it, tests may too. Throws when the handler throws. */
  handle(event: CloudEvent): Promise<HandleOutcome>;
}

/**
 * Creates a consumer that runs each handler in a database transaction together with the inbox record of
 * the event id, so a redelivered event is skipped and never applied twice. An event with a `tenantid`
 * is handled with `app.tenant_id` set for the transaction, as `withTenant` does, so row-level security
 * applies to the handler. A handler that throws rolls back and leaves the retry to the transport.
 *
 * ### Example
 * ```ts
 * const consumer = createEventConsumer({ db: db.kysely, consumer: 'reporting', transport, handlers: {
 *   'erp.core.order.invoiced.v1': (event, trx) => addToRevenue(trx, event.data),
 * } });
 * await consumer.start();
 * ```
 */
export function createEventConsumer<Schema>(options: EventConsumerOptions<Schema>): EventConsumer {
  assertQueueName(options.consumer);
  const types = Object.keys(options.handlers);
  for (const type of types) assertEventType(type);
  if (types.length === 0) throw new TypeError(`Consumer ${options.consumer} has no handlers`);

  const handle = async (event: CloudEvent): Promise<HandleOutcome> => {
    const handler = options.handlers[event.type];
    if (!handler) return 'ignored';
    if (event.tenantid !== undefined && !UUID.test(event.tenantid)) throw new InvalidCloudEventError(`Event ${event.id} has a tenantid that is not a UUID`);
    return options.db.transaction().execute(async (trx) => {
      if (event.tenantid !== undefined) await sql`select set_config('app.tenant_id', ${event.tenantid}, true)`.execute(trx);
      if (!(await recordHandled(trx, options.consumer, event.id))) return 'duplicate';
      await handler(event, trx);
      return 'handled';
    });
  };

  return {
    consumer: options.consumer,
    handle,
    async start() {
      await options.transport.subscribe({
        queue: options.queue ?? options.consumer,
        types,
        handler: async (event) => {
          await handle(event);
        },
      });
    },
  };
}
