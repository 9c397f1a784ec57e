import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import { type IncidentRow, listIncidents } from '../db/incidents.js';
import type { RouteOptions } from './context.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { IncidentPage, ServiceName } from './schemas.js';

const IncidentQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])),
    service: Type.Optional(ServiceName),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
);

function incidentRowToIncident(row: IncidentRow) {
  return {
    ...row,
    status: row.resolved_at ? ('resolved' as const) : ('open' as const),
    opened_at: row.opened_at.toISOString(),
    resolved_at: row.resolved_at?.toISOString() ?? null,
  };
}

/** `GET /incidents` (observer.monitoring:read): incidents newest first, by status and service, paged. */
export async function incidentRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get(
    '/incidents',
    { config: { permission: 'observer.monitoring:read' }, schema: { tags: ['observer'], querystring: IncidentQuery, response: { 200: IncidentPage } } },
    async (request) => {
      const { status, service, limit, cursor } = request.query;
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = await listIncidents(context.db, { status, service, limit, after: after && { openedAt: after.at, id: after.id } });
      const last = rows.at(-1);
      return { items: rows.map(incidentRowToIncident), next_cursor: rows.length === limit && last ? encodeCursor(last.opened_at, last.id) : null };
    },
  );
}
