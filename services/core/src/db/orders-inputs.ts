import { sql, type Transaction } from 'kysely';
import type { Address } from '../domain/partner.js';
import type { Product } from '../domain/product.js';
import type { DocumentPaymentTerms } from '../domain/sales-order.js';
import { type ProductRow, productRowToProduct } from './products.js';
import type { CoreDb } from './schema.js';

/** What a new sales document needs to know of its customer. */
export interface OrderCustomer {
  id: string;
  number: string;
  name: string;
  vat_id: string | null;
  archived: boolean;
  payment_terms: DocumentPaymentTerms | null;
  addresses: Pick<Address, 'type' | 'is_default' | 'country'>[];
}

/** Everything a new sales document reads before it is written. */
export interface OrderInputs {
  /** The customer, if `customerId` names a customer of the tenant. */
  customer: OrderCustomer | undefined;
  /** The warehouse, if one was named and it is the tenant's. */
  warehouse: { code: string; archived: boolean } | undefined;
  /** The tenant's products among the ids asked for, by id. */
  products: Map<string, Product>;
}

type InputRow = Omit<ProductRow, 'id'> & { id: string | null; customer: OrderCustomer | null; warehouse: { code: string; archived: boolean } | null };

/**
 * The customer (with the address fields a document needs), the warehouse and the products of a new sales
 * document, in one statement: one row per product found, or a single row without product when none is.
 */
export async function findOrderInputs(
  trx: Transaction<CoreDb>,
  tenantId: string,
  ids: { customerId: string; warehouseId: string | undefined; productIds: readonly string[] },
): Promise<OrderInputs> {
  const productIds = [...new Set(ids.productIds)];
  // Decimals are cast to text inside JSON, so none becomes a JSON number (a binary float) on the way.
  const { rows } = await sql<InputRow>`
    select customer.value as customer, warehouse.value as warehouse, product.*
    from (select 1) as one
    left join lateral (
      select json_build_object(
        'id', c.id, 'number', c.number, 'name', c.name, 'vat_id', c.vat_id, 'archived', c.archived_at is not null,
        'payment_terms', case when c.payment_net_days is null then null
          else json_build_object('net_days', c.payment_net_days, 'skonto_percent', c.skonto_percent::text, 'skonto_days', c.skonto_days) end,
        'addresses', coalesce((
          select json_agg(json_build_object('type', a.type, 'is_default', a.is_default, 'country', a.country) order by a.sort_order)
          from partner_address a where a.tenant_id = c.tenant_id and a.partner_id = c.id), '[]'::json)) as value
      from partner c where c.tenant_id = ${tenantId}::uuid and c.role = 'customer' and c.id = ${ids.customerId}::uuid
    ) as customer on true
    left join lateral (
      select json_build_object('code', w.code, 'archived', w.archived_at is not null) as value
      from warehouse w where w.tenant_id = ${tenantId}::uuid and w.id = ${ids.warehouseId ?? null}::uuid
    ) as warehouse on true
    left join product on product.tenant_id = ${tenantId}::uuid and product.id = any(${productIds}::uuid[])`.execute(trx);
  const first = rows[0];
  const products = new Map<string, Product>();
  for (const row of rows) if (row.id !== null) products.set(row.id, productRowToProduct({ ...row, id: row.id }));
  return { customer: first?.customer ?? undefined, warehouse: first?.warehouse ?? undefined, products };
}
