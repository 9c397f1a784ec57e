import type { Kysely, Transaction } from 'kysely';
import { drawPartnerNumber } from '../db/number-series.js';
import { appendHistory } from '../db/partner-history.js';
import { findPartner, insertPartner, updatePartner } from '../db/partners.js';
import type { CoreDb } from '../db/schema.js';
import type { PartnerRole } from '../domain/number-series.js';
import type { Partner, PartnerFields } from '../domain/partner.js';
import type { PartnerPatch } from '../domain/partner-input.js';
import { creationChanges, diffPartner, type FieldChange, type PatchResult, toNewPartnerFields } from '../domain/partner-patch.js';
import { validatePartner } from '../domain/partner-rules.js';
import { PartnerNotFoundError, partnerInvalid } from '../errors.js';
import type { Actor } from './context.js';
import { emitPartnerCreated, emitPartnerUpdated } from './partner-events.js';

/** The partner, or 404 `CORE_PARTNER_NOT_FOUND` (also for another tenant's or another role's id). */
export async function getPartner(db: Kysely<CoreDb>, tenantId: string, role: PartnerRole, id: string): Promise<Partner> {
  const partner = await findPartner(db, tenantId, role, id);
  if (!partner) throw new PartnerNotFoundError(role, id);
  return partner;
}

/** The fields of a patch result that obey every rule, or 422 `CORE_PARTNER_INVALID` naming each broken one. */
export function validFields(role: PartnerRole, result: PatchResult): PartnerFields {
  if (!result.ok) throw partnerInvalid(result.errors);
  const errors = validatePartner(role, result.fields);
  if (errors.length > 0) throw partnerInvalid(errors);
  return result.fields;
}

/** Creates a partner from a client's input. */
export async function createPartner(
  trx: Transaction<CoreDb>,
  actor: Actor,
  role: PartnerRole,
  input: PartnerPatch & { kind: PartnerFields['kind'] },
  newId: () => string,
): Promise<Partner> {
  return insertNewPartner(trx, actor, role, validFields(role, toNewPartnerFields(input, newId)), newId);
}

/** Saves valid fields as a new partner with the next number of its series, its history entry and event. */
export async function insertNewPartner(
  trx: Transaction<CoreDb>,
  actor: Actor,
  role: PartnerRole,
  fields: PartnerFields,
  newId: () => string,
): Promise<Partner> {
  const { number, value } = await drawPartnerNumber(trx, actor.tenantId, role);
  const id = newId();
  await insertPartner(trx, actor.tenantId, { id, role, number, numberValue: value, fields });
  await appendHistory(trx, actor.tenantId, { partnerId: id, actorId: actor.userId, action: 'created', via: actor.via, changes: creationChanges(fields) });
  const partner = await getPartner(trx, actor.tenantId, role, id);
  await emitPartnerCreated(trx, actor, partner);
  return partner;
}

/**
 * Saves valid new fields of a locked partner with its history entry and event; a change that changes
 * nothing writes nothing and keeps the version.
 */
export async function savePartnerChanges(
  trx: Transaction<CoreDb>,
  actor: Actor,
  current: Partner,
  fields: PartnerFields,
): Promise<{ partner: Partner; changes: FieldChange[] }> {
  const changes = diffPartner(current, fields);
  if (changes.length === 0) return { partner: current, changes };
  await updatePartner(trx, actor.tenantId, current.id, fields);
  await appendHistory(trx, actor.tenantId, { partnerId: current.id, actorId: actor.userId, action: 'updated', via: actor.via, changes });
  const partner = await getPartner(trx, actor.tenantId, current.role, current.id);
  await emitPartnerUpdated(
    trx,
    actor,
    partner,
    changes.map((change) => change.field),
  );
  return { partner, changes };
}
