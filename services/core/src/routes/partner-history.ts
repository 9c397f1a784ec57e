import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { listHistory } from '../db/partner-history.js';
import { HistoryQuery, PartnerIdParams } from '../partners/schemas.js';
import { getPartner } from '../partners/write-partner.js';
import { type PartnerRouteOptions, permissionsOf, tenantOf } from './context.js';
import { fromCursor, toCursor } from './request-checks.js';

const HistoryEntry = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor_id: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  via: Type.String(),
  changes: Type.Array(Type.Object({ field: Type.String(), old: Type.Unknown(), new: Type.Unknown(), redacted: Type.Optional(Type.Boolean()) })),
});
export const HistoryPage = Type.Object({ items: Type.Array(HistoryEntry), next_cursor: Type.Union([Type.String(), Type.Null()]) });

/** GET /customers/:id/history: who changed what and when, newest first, with old and new values. */
export async function partnerHistoryRoutes(app: ServiceApp, { context, role }: PartnerRouteOptions): Promise<void> {
  const { read } = permissionsOf(role);
  app.get(
    '/:id/history',
    { schema: { params: PartnerIdParams, querystring: HistoryQuery, response: { 200: HistoryPage } }, config: { permission: read } },
    async (request) => {
      const tenantId = tenantOf(request);
      const beforeId = request.query.cursor ? fromCursor(request.query.cursor, [/^[1-9]\d{0,18}$/])[0] : undefined;
      const page = await withTenant(context.db, tenantId, async (trx) => {
        await getPartner(trx, tenantId, role, request.params.id);
        return listHistory(trx, tenantId, request.params.id, { limit: request.query.limit, beforeId });
      });
      return { items: page.entries, next_cursor: page.nextBeforeId ? toCursor([page.nextBeforeId]) : null };
    },
  );
}
