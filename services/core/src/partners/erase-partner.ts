import { forgetIdempotentResponses } from '@erp/kit';
import type { Transaction } from 'kysely';
import { allHistory, appendHistory, rewriteHistoryChanges } from '../db/partner-history.js';
import { updatePartner } from '../db/partners.js';
import type { CoreDb } from '../db/schema.js';
import { type ErasurePlan, type KeptField, planContactErasure, planPersonErasure, redactChange } from '../domain/erasure.js';
import type { PartnerRole } from '../domain/number-series.js';
import type { Partner } from '../domain/partner.js';
import { partnerInvalid } from '../errors.js';
import type { Actor, Precondition } from './context.js';
import { emitPartnerErased, emitPartnerUpdated } from './partner-events.js';
import { lockForChange } from './update-partner.js';
import { getPartner } from './write-partner.js';

/** What an erasure did, and what it kept and why. */
export interface ErasureReport {
  id: string;
  number: string;
  kind: Partner['kind'];
  erased_at: string | null;
  erased_fields: string[];
  erased_contact_ids: string[];
  history_entries_redacted: number;
  kept: KeptField[];
}

function planFor(partner: Partner, contactIds: string[] | undefined): ErasurePlan {
  if (partner.kind === 'person') {
    if (contactIds !== undefined) throw partnerInvalid([{ pointer: '/contact_ids', detail: 'applies to companies only; a person is erased as a whole.' }]);
    return planPersonErasure(partner);
  }
  const plan = planContactErasure(partner, contactIds);
  if (Array.isArray(plan)) throw partnerInvalid(plan);
  return plan;
}

/**
 * Erases a person's personal data, or contact persons of a company (GDPR Art. 17), in one transaction:
 * the record's fields, the values in its history, stored replays of its creation; then writes the erasure's
 * own history entry and event. Erasing an erased person again changes nothing.
 */
export async function erasePartner(
  trx: Transaction<CoreDb>,
  actor: Actor,
  role: PartnerRole,
  id: string,
  contactIds: string[] | undefined,
  precondition: Precondition | undefined,
): Promise<ErasureReport> {
  const current = await lockForChange(trx, actor, role, id, precondition);
  const plan = planFor(current, contactIds);
  const report = (redacted: number, partner: Partner): ErasureReport => ({
    id,
    number: current.number,
    kind: current.kind,
    erased_at: partner.erased_at,
    erased_fields: plan.erasedFields,
    erased_contact_ids: plan.erasedContactIds,
    history_entries_redacted: redacted,
    kept: plan.kept,
  });
  if (current.erased_at || (plan.erasedFields.length === 0 && !plan.wholePartner)) return report(0, current);
  const redacted = await redactHistory(trx, actor.tenantId, id, plan);
  const now = new Date();
  await updatePartner(
    trx,
    actor.tenantId,
    id,
    plan.fields,
    plan.wholePartner ? { erased_at: now, archived_at: current.archived_at ? new Date(current.archived_at) : now } : {},
  );
  const changes = plan.erasedFields.map((field) => ({ field, old: null, new: null, redacted: true as const }));
  await appendHistory(trx, actor.tenantId, { partnerId: id, actorId: actor.userId, action: 'erased', via: actor.via, changes });
  await forgetIdempotentResponses(trx, actor.tenantId, id);
  const partner = await getPartner(trx, actor.tenantId, role, id);
  const erasedAt = partner.erased_at ?? now.toISOString();
  // The updated event carries the pseudonymised record (and purges caches of the old one); the erased event
  // tells services that keep copies of their own to pseudonymise those too.
  await emitPartnerUpdated(trx, actor, partner, plan.erasedFields);
  await emitPartnerErased(trx, actor, partner, {
    id,
    number: partner.number,
    erased_fields: plan.erasedFields,
    erased_contact_ids: plan.erasedContactIds,
    erased_at: erasedAt,
  });
  return report(redacted, partner);
}

async function redactHistory(trx: Transaction<CoreDb>, tenantId: string, partnerId: string, plan: ErasurePlan): Promise<number> {
  let rewritten = 0;
  for (const entry of await allHistory(trx, tenantId, partnerId)) {
    const changes = entry.changes.map((change) => redactChange(change, plan));
    if (JSON.stringify(changes) === JSON.stringify(entry.changes)) continue;
    await rewriteHistoryChanges(trx, tenantId, entry.id, changes);
    rewritten += 1;
  }
  return rewritten;
}
