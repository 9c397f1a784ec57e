import { CORE_DOCUMENT_EVENT_TYPES, type CorePurchaseGoodsReceivedV1, type CorePurchaseSupplierInvoiceRecordedV1 } from '@erp/contracts';
import { writeEvent } from '@erp/kit';
import type { Transaction } from 'kysely';
import type { CoreDb } from '../db/schema.js';
import type { StockActor } from '../inventory/stock-actor.js';

const SOURCE = { source: '/erp/core' };

export async function emitGoodsReceived(trx: Transaction<CoreDb>, actor: StockActor, data: CorePurchaseGoodsReceivedV1): Promise<void> {
  const event = { type: CORE_DOCUMENT_EVENT_TYPES.goodsReceived, subject: data.goods_receipt_id, data };
  await writeEvent(trx, { ...event, tenantId: actor.tenantId, traceparent: actor.traceparent }, SOURCE);
}

export async function emitSupplierInvoiceRecorded(trx: Transaction<CoreDb>, actor: StockActor, data: CorePurchaseSupplierInvoiceRecordedV1): Promise<void> {
  const event = { type: CORE_DOCUMENT_EVENT_TYPES.supplierInvoiceRecorded, subject: data.supplier_invoice_id, data };
  await writeEvent(trx, { ...event, tenantId: actor.tenantId, traceparent: actor.traceparent }, SOURCE);
}
