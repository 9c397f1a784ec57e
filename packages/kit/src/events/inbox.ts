import { sql, type Transaction } from 'kysely';

/**
 * Records that `consumer` handles event `eventId`, inside the handler's transaction. Returns false when the
 * event was handled before, so a redelivery is skipped. If the handler fails, the transaction rolls the
 * record back with everything else, and the next delivery is handled afresh. Two concurrent deliveries of
 * one event serialise on the primary key: the second waits for the first and then sees its record.
 *
 * ### Example
 * ```ts
 * if (await recordHandled(trx, 'reporting', event.id)) await applyEvent(trx, event);
 * ```
 */
export async function recordHandled<Schema>(trx: Transaction<Schema>, consumer: string, eventId: string): Promise<boolean> {
  const { rows } = await sql<{ event_id: string }>`
    insert into inbox (consumer, event_id) values (${consumer}, ${eventId})
    on conflict do nothing
    returning event_id`.execute(trx);
  return rows.length === 1;
}
