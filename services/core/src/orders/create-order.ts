import type { Transaction } from 'kysely';
import type { Static } from 'typebox';
import { insertNumberedSalesOrder } from '../db/orders.js';
import { findOrderInputs, type OrderCustomer, type OrderInputs } from '../db/orders-inputs.js';
import type { CoreDb } from '../db/schema.js';
import { berlinDay, yearOf } from '../domain/invoice-dates.js';
import { DOCUMENT_NUMBER_DIGITS_MIN, documentNumberPrefix } from '../domain/invoice-numbers.js';
import type { FieldError } from '../domain/partner-rules.js';
import { buildSalesLines, type DocumentPartner, type SalesOrder, salesTotals } from '../domain/sales-order.js';
import { orderInvalid } from '../errors.js';
import type { StockActor } from '../inventory/stock-actor.js';
import { documentPartnerOf, paymentTermsOf } from './document-partner.js';
import { currencyErrors, normalisedTerms, paymentTermErrors } from './order-input.js';
import type { OrderCreateBody } from './schemas.js';

export type OrderCreateInput = Static<typeof OrderCreateBody>;

/** The customer as the document records it, or the reason it cannot be the customer of a new document. */
function customerOf(customer: OrderCustomer | undefined): { partner: DocumentPartner; terms: ReturnType<typeof paymentTermsOf> } | FieldError {
  if (!customer) return { pointer: '/customer_id', detail: 'is not a customer of this company.' };
  if (customer.archived) return { pointer: '/customer_id', detail: `names ${customer.number}, who is archived; restore the customer first.` };
  const partner = documentPartnerOf(customer, '/customer_id');
  return 'pointer' in partner ? partner : { partner, terms: paymentTermsOf(customer) };
}

function warehouseErrors(warehouseId: string | undefined, warehouse: OrderInputs['warehouse']): FieldError[] {
  if (warehouseId === undefined) return [];
  if (!warehouse) return [{ pointer: '/warehouse_id', detail: 'is not a warehouse of this company.' }];
  return warehouse.archived ? [{ pointer: '/warehouse_id', detail: `names warehouse ${warehouse.code}, which is archived.` }] : [];
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
  const productIds = input.lines.map((line) => line.product_id);
  const inputs = await findOrderInputs(trx, tenantId, { customerId: input.customer_id, warehouseId: input.warehouse_id, productIds });
  const customer = customerOf(inputs.customer);
  const errors: FieldError[] = 'pointer' in customer ? [customer] : [];
  errors.push(...currencyErrors(currency, input.exchange_rate), ...warehouseErrors(input.warehouse_id, inputs.warehouse));
  const terms = normalisedTerms(input.payment_terms ?? ('pointer' in customer ? { net_days: 0, skonto_percent: null, skonto_days: null } : customer.terms));
  if (input.payment_terms) errors.push(...paymentTermErrors(input.payment_terms));
  const party = 'pointer' in customer ? { country: 'DE', vatId: null } : { country: customer.partner.country, vatId: customer.partner.vat_id };
  const built = buildSalesLines(input.lines, inputs.products, party, currency, newId);
  if ('errors' in built) errors.push(...built.errors);
  if (errors.length > 0 || 'pointer' in customer || 'errors' in built) throw orderInvalid(errors);
  const year = yearOf(berlinDay(now));
  const order = {
    id: newId(),
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
  };
  // The number is drawn in the statement that writes the order, the last of the transaction: the series row
  // is then locked only until the commit, so concurrent creations of the tenant do not wait for each other's
  // whole request, and the numbers stay free of gaps and duplicates.
  return insertNumberedSalesOrder(trx, tenantId, order, {
    series: 'sales_order',
    year,
    prefix: documentNumberPrefix('sales_order', year),
    digitsMin: DOCUMENT_NUMBER_DIGITS_MIN,
  });
}
