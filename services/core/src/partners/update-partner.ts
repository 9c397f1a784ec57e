import type { Transaction } from 'kysely';
import { appendHistory } from '../db/partner-history.js';
import { lockPartner, setArchivedAt } from '../db/partners.js';
import type { CoreDb } from '../db/schema.js';
import type { PartnerRole } from '../domain/number-series.js';
import { type Partner, partnerFieldsOf } from '../domain/partner.js';
import type { PartnerPatch } from '../domain/partner-input.js';
import { applyPartnerPatch } from '../domain/partner-patch.js';
import { PartnerArchivedError, PartnerErasedError, PartnerNotFoundError, PreconditionFailedError } from '../errors.js';
import type { Actor, Precondition } from './context.js';
import { emitPartnerUpdated } from './partner-events.js';
import { getPartner, savePartnerChanges, validFields } from './write-partner.js';

/** The strong ETag of a partner's current version. */
export function etagOf(partner: Pick<Partner, 'version'>): string {
  return `"${partner.version}"`;
}

/** Locks the partner; 404 if there is none, 412 if the client's ETag is not the current one. */
export async function lockForChange(
  trx: Transaction<CoreDb>,
  actor: Actor,
  role: PartnerRole,
  id: string,
  precondition: Precondition | undefined,
): Promise<Partner> {
  const partner = await lockPartner(trx, actor.tenantId, role, id);
  if (!partner) throw new PartnerNotFoundError(role, id);
  if (precondition && !precondition.any && !precondition.versions.includes(partner.version)) throw new PreconditionFailedError(etagOf(partner));
  return partner;
}

/** Applies a client's patch to a partner that is neither archived nor erased. */
export async function patchPartner(
  trx: Transaction<CoreDb>,
  actor: Actor,
  role: PartnerRole,
  id: string,
  patch: PartnerPatch,
  precondition: Precondition,
  newId: () => string,
): Promise<Partner> {
  const current = await lockForChange(trx, actor, role, id, precondition);
  if (current.erased_at) throw new PartnerErasedError(current.number);
  if (current.archived_at) throw new PartnerArchivedError(current.number);
  const fields = validFields(role, applyPartnerPatch(partnerFieldsOf(current), patch, newId));
  return (await savePartnerChanges(trx, actor, current, fields)).partner;
}

/** Archives or restores a partner; doing it again changes nothing. An erased partner stays archived. */
export async function setArchived(
  trx: Transaction<CoreDb>,
  actor: Actor,
  role: PartnerRole,
  id: string,
  archived: boolean,
  precondition: Precondition | undefined,
): Promise<Partner> {
  const current = await lockForChange(trx, actor, role, id, precondition);
  if (!archived && current.erased_at) throw new PartnerErasedError(current.number);
  if ((current.archived_at !== null) === archived) return current;
  await setArchivedAt(trx, actor.tenantId, id, archived);
  const partner = await getPartner(trx, actor.tenantId, role, id);
  const changes = [{ field: 'archived_at', old: current.archived_at, new: partner.archived_at }];
  await appendHistory(trx, actor.tenantId, { partnerId: id, actorId: actor.userId, action: archived ? 'archived' : 'restored', via: actor.via, changes });
  await emitPartnerUpdated(trx, actor, partner, ['archived_at']);
  return partner;
}
