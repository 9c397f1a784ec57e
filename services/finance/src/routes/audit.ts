import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { listAudit } from '../db/audit-log.js';
import { verifyChain } from '../ledger/verify-chain.js';
import { type RouteOptions, tenantOf } from './context.js';
import { Nullable, STRICT } from './schemas.js';

const VerifyQuery = Type.Object({ fiscal_year: Type.Integer({ minimum: 1900, maximum: 9999 }) }, STRICT);
const ChainBreak = Type.Object({ number: Type.Integer(), entry_id: Nullable(Type.String()), reason: Type.String() });
const VerifyReport = Type.Object({
  fiscal_year: Type.Integer(),
  status: Type.Union([Type.Literal('intact'), Type.Literal('broken')]),
  entries_checked: Type.Integer(),
  last_number: Type.Integer(),
  head_hash: Type.String(),
  first_break: Nullable(ChainBreak),
});
const AuditQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), before_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })) },
  STRICT,
);
const AuditEntry = Type.Object({
  id: Type.String(),
  actor_id: Nullable(Type.String()),
  action: Type.String(),
  subject: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  at: Type.String(),
});

/** The audit trail (finance.audit:read): hash-chain verification per fiscal year and the log of ledger changes. */
export async function auditRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  const read = { permission: 'finance.audit:read' } as const;

  app.get('/audit/verify', { config: read, schema: { querystring: VerifyQuery, response: { 200: VerifyReport } } }, async (request) => {
    const report = await verifyChain(context, tenantOf(request), request.query.fiscal_year);
    const firstBreak = report.firstBreak && { number: report.firstBreak.number, entry_id: report.firstBreak.entryId, reason: report.firstBreak.reason };
    return {
      fiscal_year: report.fiscalYear,
      status: report.intact ? ('intact' as const) : ('broken' as const),
      entries_checked: report.entriesChecked,
      last_number: report.lastNumber,
      head_hash: report.headHash,
      first_break: firstBreak,
    };
  });

  app.get(
    '/audit/log',
    { config: read, schema: { querystring: AuditQuery, response: { 200: Type.Object({ items: Type.Array(AuditEntry) }) } } },
    async (request) => {
      const tenantId = tenantOf(request);
      const rows = await withTenant(context.db, tenantId, (trx) => listAudit(trx, tenantId, { limit: request.query.limit, beforeId: request.query.before_id }));
      return { items: rows.map((row) => ({ ...row, at: row.at.toISOString() })) };
    },
  );
}
