import type { CloudEvent } from '@erp/contracts';
import type { EventTransport } from '@erp/kit';
import type { CachePurgeEvent } from '../domain/cache-events.js';
import type { Purger } from './purger.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PurgeEventsOptions {
  transport: Pick<EventTransport, 'subscribe'>;
  events: readonly CachePurgeEvent[];
  purger: Purger;
  /** Told about events that cannot purge anything (no or a malformed tenant). */
  onIgnored?: (event: CloudEvent, reason: string) => void;
}

/** The queue of the gateway: one per consuming service, so each event reaches one gateway instance. */
export const GATEWAY_QUEUE = 'gateway';

/**
 * Subscribes the gateway's queue to the purge events: each purges its tenant's cached reads of its tags.
 * The kit's event consumer is not used: it records every event in an inbox table so that none is applied
 * twice, and a purge applied twice does no harm, so the gateway needs neither the table nor a transaction
 * per event. A purge that fails (Redis down) throws, and the transport delivers the event again later.
 */
export async function subscribePurgeEvents(options: PurgeEventsOptions): Promise<void> {
  const tagsByType = new Map(options.events.map((event) => [event.type, event.tags]));
  if (tagsByType.size === 0) return;
  await options.transport.subscribe({
    queue: GATEWAY_QUEUE,
    types: [...tagsByType.keys()],
    handler: async (event) => {
      const tags = tagsByType.get(event.type);
      if (!tags) return;
      // Tenant-less events (system-wide changes) concern no tenant's cached reads.
      if (event.tenantid === undefined) return options.onIgnored?.(event, 'no tenantid');
      if (!UUID.test(event.tenantid)) return options.onIgnored?.(event, 'tenantid is not a UUID');
      await options.purger.purge(event.tenantid.toLowerCase(), tags, 'event');
    },
  });
}
