import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import Type from 'typebox';
import { type FiscalYearRow, listFiscalYears, type PeriodRow } from '../db/fiscal-years.js';
import { getSettings } from '../db/settings.js';
import type { PeriodAction } from '../domain/period-status.js';
import { FiscalYearNotFoundError } from '../errors.js';
import { changePeriodStatus, createFiscalYear } from '../ledger/fiscal-years.js';
import { closeFiscalYear } from '../ledger/year-end.js';
import { closingRowToView, getClosingView } from '../ledger/year-end-view.js';
import { actorOf, type RouteOptions, tenantOf } from './context.js';
import { Day, Nullable, STRICT, YearParams } from './schemas.js';

const Period = Type.Object({
  period: Type.Integer(),
  start_date: Type.String(),
  end_date: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('locked')]),
  status_changed_at: Nullable(Type.String()),
  status_changed_by: Nullable(Type.String()),
  status_reason: Nullable(Type.String()),
});
const FiscalYear = Type.Object({
  year: Type.Integer(),
  start_date: Type.String(),
  end_date: Type.String(),
  last_number: Type.Integer(),
  created_at: Type.String(),
  created_by: Type.String(),
  closed_at: Nullable(Type.String()),
  periods: Type.Array(Period),
});
const Closing = Type.Object({
  year: Type.Integer(),
  next_year: Type.Integer(),
  result: Type.String(),
  result_account: Nullable(Type.String()),
  closing_entries: Type.Array(Type.String()),
  opening_entries: Type.Array(Type.String()),
  reason: Nullable(Type.String()),
  closed_at: Type.String(),
  closed_by: Type.String(),
});
const CreateBody = Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 9999 }), start_date: Type.Optional(Day), end_date: Type.Optional(Day) }, STRICT);
const PeriodParams = Type.Object({ year: YearParams.properties.year, period: Type.Integer({ minimum: 1, maximum: 12 }) }, STRICT);
const Reason = Type.String({ minLength: 3, maxLength: 500, pattern: '\\S' });
const OptionalReasonBody = Type.Object({ reason: Type.Optional(Reason) }, STRICT);
const ReasonBody = Type.Object({ reason: Reason }, STRICT);

function periodRowToPeriod(row: PeriodRow) {
  return {
    period: row.period,
    start_date: row.start_date,
    end_date: row.end_date,
    status: row.status,
    status_changed_at: row.status_changed_at?.toISOString() ?? null,
    status_changed_by: row.status_changed_by,
    status_reason: row.status_reason,
  };
}

function fiscalYearRowToFiscalYear(row: FiscalYearRow) {
  return {
    year: row.year,
    start_date: row.start_date,
    end_date: row.end_date,
    last_number: row.last_number,
    created_at: row.created_at.toISOString(),
    created_by: row.created_by,
    closed_at: row.closed_at?.toISOString() ?? null,
    periods: row.periods.map(periodRowToPeriod),
  };
}

/**
 * Fiscal years and their monthly periods: read (finance.entries:read); create, close, reopen with a reason,
 * and lock for good (finance.periods:manage); and the year-end closing of a whole year, which carries its
 * balances into the next one (finance.periods:manage) and can be read back (finance.entries:read). Creating a
 * year and closing one honour `Idempotency-Key`.
 */
export async function fiscalYearRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  const read = { permission: 'finance.entries:read' } as const;
  const manage = { permission: 'finance.periods:manage' } as const;

  app.get('/fiscal-years', { config: read, schema: { response: { 200: Type.Object({ items: Type.Array(FiscalYear) }) } } }, async (request) => {
    const tenantId = tenantOf(request);
    return { items: (await withTenant(context.db, tenantId, (trx) => listFiscalYears(trx, tenantId))).map(fiscalYearRowToFiscalYear) };
  });

  app.get('/fiscal-years/:year', { config: read, schema: { params: YearParams, response: { 200: FiscalYear } } }, async (request) => {
    const tenantId = tenantOf(request);
    const [year] = await withTenant(context.db, tenantId, (trx) => listFiscalYears(trx, tenantId, request.params.year));
    if (!year) throw new FiscalYearNotFoundError(request.params.year);
    return fiscalYearRowToFiscalYear(year);
  });

  app.post('/fiscal-years', { config: manage, schema: { body: CreateBody, response: { 201: FiscalYear } } }, async (request, reply) => {
    const { year, start_date: startDate, end_date: endDate } = request.body;
    const actor = actorOf(request);
    return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId, now: context.clock() }, async (trx) => {
      const created = await createFiscalYear(trx, actor, { year, startDate, endDate });
      return { status: 201, body: fiscalYearRowToFiscalYear(created), headers: { location: `${request.url.split('?')[0]}/${created.year}` } };
    });
  });

  app.post(
    '/fiscal-years/:year/close',
    { config: manage, schema: { params: YearParams, body: OptionalReasonBody, response: { 201: Closing } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const reason = request.body.reason?.trim() ?? null;
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId, now: context.clock() }, async (trx) => {
        const closing = await closeFiscalYear(trx, context, actor, { year: request.params.year, reason });
        const { chart } = await getSettings(trx, actor.tenantId);
        return {
          status: 201,
          body: closingRowToView(closing, chart),
          headers: { location: (request.url.split('?')[0] ?? '').replace(/\/close$/, '/closing') },
        };
      });
    },
  );

  app.get('/fiscal-years/:year/closing', { config: read, schema: { params: YearParams, response: { 200: Closing } } }, async (request) => {
    const tenantId = tenantOf(request);
    return withTenant(context.db, tenantId, (trx) => getClosingView(trx, tenantId, request.params.year));
  });

  const transition = (action: PeriodAction, body: typeof ReasonBody | typeof OptionalReasonBody) =>
    app.post(
      `/fiscal-years/:year/periods/:period/${action}`,
      { config: manage, schema: { params: PeriodParams, body, response: { 200: Period } } },
      async (request) => {
        const reason = (request.body as { reason?: string }).reason?.trim() ?? null;
        return periodRowToPeriod(await changePeriodStatus(context, actorOf(request), request.params, action, reason));
      },
    );
  transition('close', OptionalReasonBody);
  transition('reopen', ReasonBody);
  transition('lock', OptionalReasonBody);
}
