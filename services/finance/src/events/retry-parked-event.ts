import { withTenant } from '@erp/kit';
import { lockEventPosting } from '../db/parked-events.js';
import { EventNotParkedError, EventStillParkedError } from '../errors.js';
import type { Actor, LedgerContext } from '../ledger/context.js';
import { retryLocked } from './receive-event.js';

/**
 * Books a parked event again after its cause was fixed (`POST /parked-events/:id/retry`), posted by the
 * caller. Returns the entry's id. When it still fails, the attempt and its reason are recorded and
 * FIN_EVENT_STILL_PARKED names the reason; nothing else is written.
 */
export async function retryParkedEvent(context: LedgerContext, actor: Actor, id: string): Promise<string> {
  const outcome = await withTenant(context.db, actor.tenantId, async (trx) => {
    const parked = await lockEventPosting(trx, actor.tenantId, id);
    if (parked.status !== 'parked') throw new EventNotParkedError(id);
    return retryLocked(trx, context, actor, parked);
  });
  if (!outcome.ok) throw new EventStillParkedError(id, outcome.reason.detail);
  return outcome.entryId;
}
