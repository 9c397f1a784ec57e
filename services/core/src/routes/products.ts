import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import Type from 'typebox';
import { listProducts } from '../db/products.js';
import { toNewProductFields } from '../domain/product-rules.js';
import type { PartnerContext } from '../partners/context.js';
import { etagOf } from '../partners/update-partner.js';
import { ProductCreateBody, ProductIdParams, ProductList, ProductListQuery, ProductPatchBody, ProductResponse } from '../products/schemas.js';
import { createProduct, getProduct, patchProduct } from '../products/write-product.js';
import { actorOf, tenantOf } from './context.js';
import { notModified, requirePrecondition } from './preconditions.js';
import { fromCursor, strictBody, toCursor } from './request-checks.js';

export const PRODUCTS_PATH = '/api/v1/products';

const CURSOR_PATTERNS = [/^\P{Cc}{1,64}$/u, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i];

/** List, read, create and update products: `/api/v1/products` and `/api/v1/products/:id`. */
export async function productRoutes(app: ServiceApp, { context }: { context: PartnerContext }): Promise<void> {
  const read = { permission: 'core.products:read' } as const;
  const write = { permission: 'core.products:write' } as const;

  app.get('/', { schema: { querystring: ProductListQuery, response: { 200: ProductList } }, config: read }, async (request) => {
    const tenantId = tenantOf(request);
    const { limit, cursor, ...filter } = request.query;
    const after = cursor ? fromCursor(cursor, CURSOR_PATTERNS) : undefined;
    const position = after ? { sku: after[0] ?? '', id: after[1] ?? '' } : undefined;
    const page = await withTenant(context.db, tenantId, (trx) => listProducts(trx, tenantId, filter, { limit, after: position }));
    return { items: page.products, next_cursor: page.next ? toCursor([page.next.sku, page.next.id]) : null };
  });

  app.get('/:id', { schema: { params: ProductIdParams, response: { 200: ProductResponse, 304: Type.Null() } }, config: read }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const product = await withTenant(context.db, tenantId, (trx) => getProduct(trx, tenantId, request.params.id));
    reply.header('etag', etagOf(product));
    return notModified(request, etagOf(product)) ? reply.code(304).send(null) : product;
  });

  app.post(
    '/',
    { schema: { body: ProductCreateBody, response: { 201: ProductResponse } }, config: write, preValidation: strictBody(ProductCreateBody) },
    async (request, reply) => {
      const actor = actorOf(request);
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId }, async (trx) => {
        const product = await createProduct(trx, actor, toNewProductFields(request.body), context.newId);
        return { status: 201, body: product, headers: { location: `${PRODUCTS_PATH}/${product.id}`, etag: etagOf(product) } };
      });
    },
  );

  app.patch(
    '/:id',
    {
      schema: { params: ProductIdParams, body: ProductPatchBody, response: { 200: ProductResponse } },
      config: write,
      preValidation: strictBody(ProductPatchBody),
    },
    async (request, reply) => {
      const precondition = requirePrecondition(request);
      const actor = actorOf(request);
      const product = await withTenant(context.db, actor.tenantId, (trx) => patchProduct(trx, actor, request.params.id, request.body, precondition));
      return reply.header('etag', etagOf(product)).send(product);
    },
  );
}
