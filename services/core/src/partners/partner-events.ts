import { CORE_PARTNER_EVENT_TYPES, type CorePartner, type CorePartnerErasedV1 } from '@erp/contracts';
import { writeEvent } from '@erp/kit';
import type { Transaction } from 'kysely';
import type { CoreDb } from '../db/schema.js';
import type { Partner } from '../domain/partner.js';
import type { Actor } from './context.js';

const SOURCE = { source: '/erp/core' };

/** The partner as events carry it: internal notes stay in the core service. */
export function toEventPartner(partner: Partner): CorePartner {
  const { notes: _notes, ...rest } = partner;
  return rest;
}

export async function emitPartnerCreated(trx: Transaction<CoreDb>, actor: Actor, partner: Partner): Promise<void> {
  const event = { type: CORE_PARTNER_EVENT_TYPES[partner.role].created, data: { partner: toEventPartner(partner) } };
  await writeEvent(trx, { ...event, subject: partner.id, tenantId: actor.tenantId, traceparent: actor.traceparent }, SOURCE);
}

export async function emitPartnerUpdated(trx: Transaction<CoreDb>, actor: Actor, partner: Partner, changedFields: string[]): Promise<void> {
  const data = { partner: toEventPartner(partner), changed_fields: changedFields };
  const type = CORE_PARTNER_EVENT_TYPES[partner.role].updated;
  await writeEvent(trx, { type, data, subject: partner.id, tenantId: actor.tenantId, traceparent: actor.traceparent }, SOURCE);
}

export async function emitPartnerErased(trx: Transaction<CoreDb>, actor: Actor, partner: Partner, data: CorePartnerErasedV1): Promise<void> {
  const type = CORE_PARTNER_EVENT_TYPES[partner.role].erased;
  await writeEvent(trx, { type, data, subject: partner.id, tenantId: actor.tenantId, traceparent: actor.traceparent }, SOURCE);
}
