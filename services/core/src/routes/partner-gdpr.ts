import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { erasePartner } from '../partners/erase-partner.js';
import { exportPartner } from '../partners/gdpr-export.js';
import { PartnerIdParams } from '../partners/schemas.js';
import { actorOf, type PartnerRouteOptions, permissionsOf, tenantOf } from './context.js';
import { parseIfMatch } from './preconditions.js';
import { strictBody } from './request-checks.js';

const EraseBody = Type.Union([
  Type.Object(
    { contact_ids: Type.Optional(Type.Array(Type.String({ format: 'uuid', maxLength: 36 }), { minItems: 1, maxItems: 50, uniqueItems: true })) },
    {
      additionalProperties: false,
    },
  ),
  Type.Null(),
]);

const ErasureReport = Type.Object({
  id: Type.String(),
  number: Type.String(),
  kind: Type.String(),
  erased_at: Type.Union([Type.String(), Type.Null()]),
  erased_fields: Type.Array(Type.String()),
  erased_contact_ids: Type.Array(Type.String()),
  history_entries_redacted: Type.Integer(),
  kept: Type.Array(Type.Object({ field: Type.String(), reason: Type.String() })),
});

/**
 * GDPR: GET /customers/:id/gdpr-export (Art. 15, 20) and POST /customers/:id/erase (Art. 17). Erasure
 * pseudonymises what identifies a person and answers with what it kept and why (see the README).
 */
export async function partnerGdprRoutes(app: ServiceApp, { context, role }: PartnerRouteOptions): Promise<void> {
  const { read, write } = permissionsOf(role);

  app.get('/:id/gdpr-export', { schema: { params: PartnerIdParams }, config: { permission: read } }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const document = await withTenant(context.db, tenantId, (trx) => exportPartner(trx, tenantId, role, request.params.id, new Date()));
    const filename = `gdpr-export-${document.partner.number}.json`;
    return reply.header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(document);
  });

  app.post(
    '/:id/erase',
    {
      schema: { params: PartnerIdParams, body: EraseBody, response: { 200: ErasureReport } },
      config: { permission: write },
      preValidation: strictBody(EraseBody),
    },
    async (request) => {
      const actor = actorOf(request);
      const contactIds = request.body?.contact_ids;
      return withTenant(context.db, actor.tenantId, (trx) =>
        erasePartner(trx, actor, role, request.params.id, contactIds, parseIfMatch(request.headers['if-match'])),
      );
    },
  );
}
