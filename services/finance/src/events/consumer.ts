import { createEventConsumer, type EventConsumer, type EventTransport } from '@erp/kit';
import type { LedgerContext } from '../ledger/context.js';
import { BOOKED_EVENT_TYPES, receiveEvent } from './receive-event.js';

/** The inbox key and queue of the finance service. */
export const FINANCE_CONSUMER = 'finance';

/**
 * The finance service's consumer of core's business-document events. The kit records each event id in the
 * inbox in the transaction that books it, so a redelivered event is skipped; the booking posts it or parks it.
 */
export function createFinanceEventConsumer(context: LedgerContext, transport: Pick<EventTransport, 'subscribe'>): EventConsumer {
  const handler = (event: Parameters<typeof receiveEvent>[2], trx: Parameters<typeof receiveEvent>[0]) => receiveEvent(trx, context, event);
  return createEventConsumer({
    db: context.db,
    consumer: FINANCE_CONSUMER,
    transport,
    handlers: Object.fromEntries(BOOKED_EVENT_TYPES.map((type) => [type, handler])),
  });
}
