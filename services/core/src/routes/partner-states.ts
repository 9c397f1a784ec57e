import { type ServiceApp, withTenant } from '@erp/kit';
import { PartnerIdParams, PartnerResponse } from '../partners/schemas.js';
import { etagOf, setArchived } from '../partners/update-partner.js';
import { actorOf, type PartnerRouteOptions, permissionsOf } from './context.js';
import { parseIfMatch } from './preconditions.js';

/**
 * Archive and restore: partners are never deleted, because invoices and postings refer to them. An archived
 * partner drops out of the default list and cannot be changed until restored. `If-Match` is optional here.
 */
export async function partnerStateRoutes(app: ServiceApp, { context, role }: PartnerRouteOptions): Promise<void> {
  const { write } = permissionsOf(role);
  for (const [action, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    app.post(
      `/:id/${action}`,
      { schema: { params: PartnerIdParams, response: { 200: PartnerResponse } }, config: { permission: write } },
      async (request, reply) => {
        const actor = actorOf(request);
        const precondition = parseIfMatch(request.headers['if-match']);
        const partner = await withTenant(context.db, actor.tenantId, (trx) => setArchived(trx, actor, role, request.params.id, archived, precondition));
        return reply.header('etag', etagOf(partner)).send(partner);
      },
    );
  }
}
