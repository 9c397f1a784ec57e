import { type ServiceApp, withTenant } from '@erp/kit';
import { listProductHistory } from '../db/products.js';
import type { PartnerContext } from '../partners/context.js';
import { HistoryQuery } from '../partners/schemas.js';
import { etagOf } from '../partners/update-partner.js';
import { ProductIdParams, ProductResponse } from '../products/schemas.js';
import { getProduct, setProductArchived } from '../products/write-product.js';
import { actorOf, tenantOf } from './context.js';
import { HistoryPage } from './partner-history.js';
import { parseIfMatch } from './preconditions.js';
import { fromCursor, toCursor } from './request-checks.js';

/**
 * Archive, restore and history of a product. Products are never deleted, because orders and invoices will
 * refer to them; an archived product drops out of the default list and cannot be changed until restored.
 */
export async function productStateRoutes(app: ServiceApp, { context }: { context: PartnerContext }): Promise<void> {
  for (const [action, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    app.post(
      `/:id/${action}`,
      { schema: { params: ProductIdParams, response: { 200: ProductResponse } }, config: { permission: 'core.products:write' } },
      async (request, reply) => {
        const actor = actorOf(request);
        const precondition = parseIfMatch(request.headers['if-match']);
        const product = await withTenant(context.db, actor.tenantId, (trx) => setProductArchived(trx, actor, request.params.id, archived, precondition));
        return reply.header('etag', etagOf(product)).send(product);
      },
    );
  }

  app.get(
    '/:id/history',
    { schema: { params: ProductIdParams, querystring: HistoryQuery, response: { 200: HistoryPage } }, config: { permission: 'core.products:read' } },
    async (request) => {
      const tenantId = tenantOf(request);
      const beforeId = request.query.cursor ? fromCursor(request.query.cursor, [/^[1-9]\d{0,18}$/])[0] : undefined;
      const page = await withTenant(context.db, tenantId, async (trx) => {
        await getProduct(trx, tenantId, request.params.id);
        return listProductHistory(trx, tenantId, request.params.id, { limit: request.query.limit, beforeId });
      });
      return { items: page.entries, next_cursor: page.nextBeforeId ? toCursor([page.nextBeforeId]) : null };
    },
  );
}
