import type { Transaction } from 'kysely';
import type { Static } from 'typebox';
import { findSettings } from '../db/inventory-settings.js';
import { drawDocumentNumber } from '../db/orders-number-series.js';
import { findProductsByIds } from '../db/orders-products.js';
import { findPartner } from '../db/partners.js';
import { findPurchaseOrder, insertPurchaseOrder } from '../db/purchase-orders.js';
import type { CoreDb } from '../db/schema.js';
import { findWarehouse } from '../db/warehouses.js';
import { berlinDay, isCalendarDay, yearOf } from '../domain/invoice-dates.js';
import type { FieldError } from '../domain/partner-rules.js';
import { buildPurchaseLines, type PurchaseOrder, purchaseTotals } from '../domain/purchase-order.js';
import type { DocumentPartner, DocumentPaymentTerms } from '../domain/sales-order.js';
import { PurchaseOrderNotFoundError, purchaseOrderInvalid } from '../errors.js';
import type { StockActor } from '../inventory/stock-actor.js';
import { documentPartnerOf, IMMEDIATE_PAYMENT, paymentTermsOf } from '../orders/document-partner.js';
import { currencyErrors, normalisedTerms, paymentTermErrors } from '../orders/order-input.js';
import type { PurchaseOrderCreateBody } from './schemas.js';

export type PurchaseOrderCreateInput = Static<typeof PurchaseOrderCreateBody>;

async function supplierOf(
  trx: Transaction<CoreDb>,
  tenantId: string,
  supplierId: string,
): Promise<{ partner: DocumentPartner; terms: DocumentPaymentTerms } | FieldError> {
  const supplier = await findPartner(trx, tenantId, 'supplier', supplierId);
  if (!supplier) return { pointer: '/supplier_id', detail: 'is not a supplier of this company.' };
  if (supplier.archived_at) return { pointer: '/supplier_id', detail: `names ${supplier.number}, who is archived; restore the supplier first.` };
  const partner = documentPartnerOf(supplier, '/supplier_id');
  return 'pointer' in partner ? partner : { partner, terms: paymentTermsOf(supplier) };
}

async function placeErrors(trx: Transaction<CoreDb>, tenantId: string, input: PurchaseOrderCreateInput): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const warehouse = await findWarehouse(trx, tenantId, input.warehouse_id);
  if (!warehouse) errors.push({ pointer: '/warehouse_id', detail: 'is not a warehouse of this company.' });
  else if (warehouse.archived_at) errors.push({ pointer: '/warehouse_id', detail: `names warehouse ${warehouse.code}, which is archived.` });
  if (input.expected_on !== undefined && !isCalendarDay(input.expected_on)) errors.push({ pointer: '/expected_on', detail: 'is not a day of the calendar.' });
  const settings = await findSettings(trx, tenantId);
  if (input.currency !== undefined && input.currency !== settings.currency)
    errors.push({
      pointer: '/currency',
      detail: `must be ${settings.currency}, the currency this company values its stock in; goods are received at the order's prices.`,
    });
  return errors;
}

/** Creates a draft purchase order to a supplier of the tenant that is not archived, for goods received into one warehouse. */
export async function createPurchaseOrder(
  trx: Transaction<CoreDb>,
  actor: StockActor,
  input: PurchaseOrderCreateInput,
  newId: () => string,
  now: Date,
): Promise<PurchaseOrder> {
  const { tenantId } = actor;
  const currency = input.currency ?? (await findSettings(trx, tenantId)).currency;
  const supplier = await supplierOf(trx, tenantId, input.supplier_id);
  const errors: FieldError[] = 'pointer' in supplier ? [supplier] : [];
  errors.push(...(await placeErrors(trx, tenantId, input)), ...currencyErrors(currency, input.exchange_rate));
  if (input.payment_terms) errors.push(...paymentTermErrors(input.payment_terms));
  const products = await findProductsByIds(
    trx,
    tenantId,
    input.lines.map((item) => item.product_id),
  );
  const party = 'pointer' in supplier ? { country: 'DE', vatId: null } : { country: supplier.partner.country, vatId: supplier.partner.vat_id };
  const built = buildPurchaseLines(input.lines, products, party, currency, newId);
  if ('errors' in built) errors.push(...built.errors);
  if (errors.length > 0 || 'pointer' in supplier || 'errors' in built) throw purchaseOrderInvalid(errors);
  const id = newId();
  const { number } = await drawDocumentNumber(trx, tenantId, 'purchase_order', yearOf(berlinDay(now)));
  await insertPurchaseOrder(trx, tenantId, {
    id,
    number,
    supplier: supplier.partner,
    currency,
    exchangeRate: input.exchange_rate ?? null,
    paymentTerms: normalisedTerms(input.payment_terms ?? supplier.terms ?? IMMEDIATE_PAYMENT),
    warehouseId: input.warehouse_id,
    expectedOn: input.expected_on ?? null,
    notes: input.notes?.trim() || null,
    lines: built.lines,
    totals: purchaseTotals(built.lines),
    createdBy: actor.userId,
  });
  const order = await findPurchaseOrder(trx, tenantId, id);
  if (!order) throw new PurchaseOrderNotFoundError(id);
  return order;
}
