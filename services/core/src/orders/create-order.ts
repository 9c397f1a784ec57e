import type { Transaction } from 'kysely';
import type { Static } from 'typebox';
import { findSalesOrder, insertSalesOrder } from '../db/orders.js';
import { drawDocumentNumber } from '../db/orders-number-series.js';
import { findProductsByIds } from '../db/orders-products.js';
import { findPartner } from '../db/partners.js';
import type { CoreDb } from '../db/schema.js';
import { findWarehouse } from '../db/warehouses.js';
import { berlinDay, yearOf } from '../domain/invoice-dates.js';
import type { FieldError } from '../domain/partner-rules.js';
import { buildSalesLines, type DocumentPartner, type SalesOrder, salesTotals } from '../domain/sales-order.js';
import { OrderNotFoundError, orderInvalid } from '../errors.js';
import type { StockActor } from '../inventory/stock-actor.js';
import { documentPartnerOf, paymentTermsOf } from './document-partner.js';
import { currencyErrors, normalisedTerms, paymentTermErrors } from './order-input.js';
import type { OrderCreateBody } from './schemas.js';

export type OrderCreateInput = Static<typeof OrderCreateBody>;

/** The customer as the document records it, or the reason it cannot be the customer of a new document. */
async function customerOf(
  trx: Transaction<CoreDb>,
  tenantId: string,
  customerId: string,
): Promise<{ partner: DocumentPartner; terms: ReturnType<typeof paymentTermsOf> } | FieldError> {
  const customer = await findPartner(trx, tenantId, 'customer', customerId);
  if (!customer) return { pointer: '/customer_id', detail: 'is not a customer of this company.' };
  if (customer.archived_at) return { pointer: '/customer_id', detail: `names ${customer.number}, who is archived; restore the customer first.` };
  const partner = documentPartnerOf(customer, '/customer_id');
  return 'pointer' in partner ? partner : { partner, terms: paymentTermsOf(customer) };
}

async function warehouseErrors(trx: Transaction<CoreDb>, tenantId: string, warehouseId: string | undefined): Promise<FieldError[]> {
  if (warehouseId === undefined) return [];
  const warehouse = await findWarehouse(trx, tenantId, warehouseId);
  if (!warehouse) return [{ pointer: '/warehouse_id', detail: 'is not a warehouse of this company.' }];
  return warehouse.archived_at ? [{ pointer: '/warehouse_id', detail: `names warehouse ${warehouse.code}, which is archived.` }] : [];
}

/**
 * Creates a quote (or, with `status: order`, an accepted sales order) for a customer of the tenant that is
 * not archived, numbered from the tenant's series of the year. Every broken rule is answered at once with
 * 422 `CORE_ORDER_INVALID`; nothing is written then.
 */
export async function createSalesOrder(
  trx: Transaction<CoreDb>,
  actor: StockActor,
  input: OrderCreateInput,
  newId: () => string,
  now: Date,
): Promise<SalesOrder> {
  const { tenantId } = actor;
  const currency = input.currency ?? 'EUR';
  const customer = await customerOf(trx, tenantId, input.customer_id);
  const errors: FieldError[] = 'pointer' in customer ? [customer] : [];
  errors.push(...currencyErrors(currency, input.exchange_rate), ...(await warehouseErrors(trx, tenantId, input.warehouse_id)));
  const terms = normalisedTerms(input.payment_terms ?? ('pointer' in customer ? { net_days: 0, skonto_percent: null, skonto_days: null } : customer.terms));
  if (input.payment_terms) errors.push(...paymentTermErrors(input.payment_terms));
  const products = await findProductsByIds(
    trx,
    tenantId,
    input.lines.map((line) => line.product_id),
  );
  const party = 'pointer' in customer ? { country: 'DE', vatId: null } : { country: customer.partner.country, vatId: customer.partner.vat_id };
  const built = buildSalesLines(input.lines, products, party, currency, newId);
  if ('errors' in built) errors.push(...built.errors);
  if (errors.length > 0 || 'pointer' in customer || 'errors' in built) throw orderInvalid(errors);
  const id = newId();
  const { number } = await drawDocumentNumber(trx, tenantId, 'sales_order', yearOf(berlinDay(now)));
  await insertSalesOrder(trx, tenantId, {
    id,
    number,
    status: input.status ?? 'quote',
    customer: customer.partner,
    currency,
    exchangeRate: input.exchange_rate ?? null,
    paymentTerms: terms,
    warehouseId: input.warehouse_id ?? null,
    customerReference: input.customer_reference?.trim() || null,
    notes: input.notes?.trim() || null,
    lines: built.lines,
    totals: salesTotals(built.lines),
    createdBy: actor.userId,
  });
  const order = await findSalesOrder(trx, tenantId, id);
  if (!order) throw new OrderNotFoundError(id);
  return order;
}
