import { getPrincipal, type ServiceApp, withIdempotency } from '@erp/kit';
import Type from 'typebox';
import { findReport, insertReport, listReports } from '../db/reports.js';
import { ReportNotFoundError } from '../errors.js';
import { generateReport } from '../reports/generate-report.js';
import type { RouteContext, RouteOptions } from './context.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { renderReport, reportFormatOf } from './report-format.js';

const Format = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('markdown'), Type.Literal('html')]));
const WindowMin = Type.Integer({ minimum: 1, maximum: 1440, default: 15, description: 'Minutes before now the report covers.' });
const READ = { permission: 'observer.monitoring:read' } as const;

const StoredReportSummary = Type.Object({
  id: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  window: Type.Object({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) }),
  previous_id: Type.Union([Type.String(), Type.Null()]),
});
const ReportListQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }), cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })) },
  { additionalProperties: false },
);

function reportRequest(context: RouteContext, windowMin: number) {
  return { now: context.now(), windowMin, memoryLimitMb: context.memoryLimitMb };
}

/**
 * The optimisation report: `GET /reports/optimization` builds it now (not stored), `POST` builds and stores it
 * (honouring `Idempotency-Key`), `GET /reports` lists the stored ones and `GET /reports/:id` answers one. Each
 * report shows what changed since the stored report before it. JSON, Markdown or HTML by `?format=` or `Accept`.
 */
export async function reportRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get(
    '/reports/optimization',
    { config: READ, schema: { tags: ['observer'], querystring: Type.Object({ window_min: WindowMin, format: Format }, { additionalProperties: false }) } },
    async (request, reply) => {
      const format = reportFormatOf(request.query.format, request.headers.accept);
      const report = await generateReport(context.db, context.source.current(), reportRequest(context, request.query.window_min));
      const rendered = renderReport(report, format, null);
      return reply.header('vary', 'accept').type(rendered.contentType).send(rendered.body);
    },
  );

  app.post(
    '/reports/optimization',
    { config: READ, schema: { tags: ['observer'], querystring: Type.Object({ window_min: WindowMin }, { additionalProperties: false }) } },
    async (request, reply) =>
      withIdempotency(context.db, request, reply, { tenantId: getPrincipal(request).tenantId }, async (trx) => {
        const report = await generateReport(context.db, context.source.current(), reportRequest(context, request.query.window_min));
        const id = await insertReport(trx, report);
        return { status: 201, body: { id, ...report }, headers: { location: `/api/v1/observer/reports/${id}` } };
      }),
  );

  app.get(
    '/reports',
    {
      config: READ,
      schema: {
        tags: ['observer'],
        querystring: ReportListQuery,
        response: { 200: Type.Object({ items: Type.Array(StoredReportSummary), next_cursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = await listReports(context.db, limit, after && { createdAt: after.at, id: after.id });
      const last = rows.at(-1);
      return {
        items: rows.map((row) => ({
          id: row.id,
          created_at: row.created_at.toISOString(),
          window: { from: row.window_from.toISOString(), to: row.window_to.toISOString() },
          previous_id: row.previous_id,
        })),
        next_cursor: rows.length === limit && last ? encodeCursor(last.created_at, last.id) : null,
      };
    },
  );

  app.get(
    '/reports/:id',
    {
      config: READ,
      schema: {
        tags: ['observer'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ format: Format }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const format = reportFormatOf(request.query.format, request.headers.accept);
      const stored = await findReport(context.db, request.params.id);
      if (!stored) throw new ReportNotFoundError(request.params.id);
      const rendered = renderReport(stored.report, format, stored.id);
      return reply.header('vary', 'accept').type(rendered.contentType).send(rendered.body);
    },
  );
}
