import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { type AuditRow, listAuditEntries } from '../db/audit-log.js';
import { authenticate, principalOf } from './authenticate.js';
import type { RouteOptions } from './context.js';

const AuditEntry = Type.Object({
  id: Type.String(),
  actor_id: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  ip: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});
const AuditPage = Type.Object({ items: Type.Array(AuditEntry), next_cursor: Type.Union([Type.String(), Type.Null()]) });
// The cursor is the id of the last entry shown; entries only ever get larger ids, so pages stay stable.
const AuditQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,17}$' })) },
  { additionalProperties: false },
);

function auditRowToEntry(row: AuditRow) {
  return { ...row, at: row.at.toISOString() };
}

/** `GET /audit-log` (auth.audit:read): the caller's tenant's audit entries, newest first. */
export async function auditLogRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get(
    '/audit-log',
    { schema: { querystring: AuditQuery, response: { 200: AuditPage } }, onRequest: authenticate(context, 'auth.audit:read') },
    async (request) => {
      const { tenantId } = principalOf(request);
      const { limit, cursor } = request.query;
      const rows = await withTenant(context.db, tenantId, (trx) => listAuditEntries(trx, { limit, beforeId: cursor }));
      const last = rows.at(-1);
      return { items: rows.map(auditRowToEntry), next_cursor: rows.length === limit && last ? last.id : null };
    },
  );
}
