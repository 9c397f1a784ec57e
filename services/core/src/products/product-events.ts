import { CORE_PRODUCT_EVENT_TYPES } from '@erp/contracts';
import { writeEvent } from '@erp/kit';
import type { Transaction } from 'kysely';
import type { CoreDb } from '../db/schema.js';
import type { Product } from '../domain/product.js';
import type { Actor } from '../partners/context.js';

const SOURCE = { source: '/erp/core' };

export async function emitProductCreated(trx: Transaction<CoreDb>, actor: Actor, product: Product): Promise<void> {
  const event = { type: CORE_PRODUCT_EVENT_TYPES.created, data: { product } };
  await writeEvent(trx, { ...event, subject: product.id, tenantId: actor.tenantId, traceparent: actor.traceparent }, SOURCE);
}

export async function emitProductUpdated(trx: Transaction<CoreDb>, actor: Actor, product: Product, changedFields: string[]): Promise<void> {
  const event = { type: CORE_PRODUCT_EVENT_TYPES.updated, data: { product, changed_fields: changedFields } };
  await writeEvent(trx, { ...event, subject: product.id, tenantId: actor.tenantId, traceparent: actor.traceparent }, SOURCE);
}
