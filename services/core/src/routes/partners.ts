import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import Type from 'typebox';
import { listPartners } from '../db/partners.js';
import { PartnerCreateBody, PartnerIdParams, PartnerList, PartnerListQuery, PartnerPatchBody, PartnerResponse } from '../partners/schemas.js';
import { etagOf, patchPartner } from '../partners/update-partner.js';
import { createPartner, getPartner } from '../partners/write-partner.js';
import { actorOf, collectionPath, type PartnerRouteOptions, permissionsOf, tenantOf } from './context.js';
import { notModified, requirePrecondition } from './preconditions.js';
import { fromCursor, strictBody, toCursor } from './request-checks.js';

const CURSOR_PATTERNS = [/^[1-9]\d{0,17}$/, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i];

/** List, read, create and update customers (or suppliers): `/api/v1/customers` and `/api/v1/customers/:id`. */
export async function partnerRoutes(app: ServiceApp, { context, role }: PartnerRouteOptions): Promise<void> {
  const { read, write } = permissionsOf(role);

  app.get('/', { schema: { querystring: PartnerListQuery, response: { 200: PartnerList } }, config: { permission: read } }, async (request) => {
    const tenantId = tenantOf(request);
    const { limit, cursor, ...filter } = request.query;
    const after = cursor ? fromCursor(cursor, CURSOR_PATTERNS) : undefined;
    const position = after ? { numberValue: after[0] ?? '', id: after[1] ?? '' } : undefined;
    const page = await withTenant(context.db, tenantId, (trx) => listPartners(trx, tenantId, role, filter, { limit, after: position }));
    return { items: page.partners, next_cursor: page.next ? toCursor([page.next.numberValue, page.next.id]) : null };
  });

  app.get(
    '/:id',
    { schema: { params: PartnerIdParams, response: { 200: PartnerResponse, 304: Type.Null() } }, config: { permission: read } },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const partner = await withTenant(context.db, tenantId, (trx) => getPartner(trx, tenantId, role, request.params.id));
      reply.header('etag', etagOf(partner));
      return notModified(request, etagOf(partner)) ? reply.code(304).send(null) : partner;
    },
  );

  app.post(
    '/',
    {
      schema: { body: PartnerCreateBody, response: { 201: PartnerResponse } },
      config: { permission: write },
      preValidation: strictBody(PartnerCreateBody),
    },
    async (request, reply) => {
      const actor = actorOf(request);
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId }, async (trx) => {
        const partner = await createPartner(trx, actor, role, request.body, context.newId);
        return { status: 201, body: partner, headers: { location: `${collectionPath(role)}/${partner.id}`, etag: etagOf(partner) } };
      });
    },
  );

  app.patch(
    '/:id',
    {
      schema: { params: PartnerIdParams, body: PartnerPatchBody, response: { 200: PartnerResponse } },
      config: { permission: write },
      preValidation: strictBody(PartnerPatchBody),
    },
    async (request, reply) => {
      const precondition = requirePrecondition(request);
      const actor = actorOf(request);
      const partner = await withTenant(context.db, actor.tenantId, (trx) =>
        patchPartner(trx, actor, role, request.params.id, request.body, precondition, context.newId),
      );
      return reply.header('etag', etagOf(partner)).send(partner);
    },
  );
}
