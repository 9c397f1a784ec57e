import { withTenant } from '@erp/kit';
import type { Transaction } from 'kysely';
import { appendAudit } from '../db/audit-log.js';
import { LEDGER_SQLSTATE, pgError } from '../db/db-errors.js';
import { type FiscalYearRow, insertFiscalYear, listFiscalYears, lockPeriod, type PeriodRow, setPeriodStatus } from '../db/fiscal-years.js';
import type { FinanceDb } from '../db/schema.js';
import { toFiscalYearSpan } from '../domain/fiscal-calendar.js';
import { nextPeriodStatus, type PeriodAction, periodLabel } from '../domain/period-status.js';
import { FiscalYearExistsError, FiscalYearNotFoundError, FiscalYearOverlapError, PeriodNotFoundError } from '../errors.js';
import type { Actor, LedgerContext } from './context.js';
import { assertYearNotClosed } from './year-end-view.js';

export interface NewFiscalYear {
  year: number;
  startDate?: string | undefined;
  endDate?: string | undefined;
}

/** Creates a fiscal year with its monthly periods, all open, and its posting counter, in the caller's transaction. */
export async function createFiscalYear(trx: Transaction<FinanceDb>, actor: Actor, input: NewFiscalYear): Promise<FiscalYearRow> {
  const span = toFiscalYearSpan(input.year, input.startDate, input.endDate);
  if ((await listFiscalYears(trx, actor.tenantId, span.year)).length > 0) throw new FiscalYearExistsError(span.year);
  try {
    await insertFiscalYear(trx, actor.tenantId, span, actor.actorId);
  } catch (error) {
    // A concurrent creation wins the primary key or the overlap check; the loser gets the same answer as a late one.
    const { code, constraint } = pgError(error);
    if (code === LEDGER_SQLSTATE.yearsOverlap) throw new FiscalYearOverlapError(span.startDate, span.endDate);
    if (code === '23505' && constraint === 'fiscal_year_pk') throw new FiscalYearExistsError(span.year);
    throw error;
  }
  const details = { start_date: span.startDate, end_date: span.endDate, periods: span.periods.length };
  await appendAudit(trx, { ...actor, action: 'fiscal_year.created', subject: String(span.year), details });
  const [created] = await listFiscalYears(trx, actor.tenantId, span.year);
  if (!created) throw new Error(`Fiscal year ${span.year} just written is missing`);
  return created;
}

const AUDIT_ACTION: Readonly<Record<PeriodAction, string>> = { close: 'period.closed', reopen: 'period.reopened', lock: 'period.locked' };

/**
 * Closes, reopens or locks a period, under the period's row lock so that a concurrent posting either
 * finishes before or sees the new status. Every change is audited with its reason.
 */
export async function changePeriodStatus(
  context: LedgerContext,
  actor: Actor,
  target: { year: number; period: number },
  action: PeriodAction,
  reason: string | null,
): Promise<PeriodRow> {
  return withTenant(context.db, actor.tenantId, async (trx) => {
    const current = await lockPeriod(trx, actor.tenantId, target.year, target.period);
    if (!current) {
      if ((await listFiscalYears(trx, actor.tenantId, target.year)).length === 0) throw new FiscalYearNotFoundError(target.year);
      throw new PeriodNotFoundError(target.year, target.period);
    }
    const status = nextPeriodStatus(periodLabel(target.year, target.period), current.status, action);
    // A closed year's periods never reopen (the database refuses it too).
    if (status === 'open') await assertYearNotClosed(trx, actor.tenantId, target.year);
    const changed = await setPeriodStatus(trx, actor.tenantId, target.year, target.period, {
      status,
      changedAt: context.clock(),
      changedBy: actor.actorId,
      reason,
    });
    const details = { from: current.status, to: status, reason };
    await appendAudit(trx, { ...actor, action: AUDIT_ACTION[action], subject: periodLabel(target.year, target.period), details });
    return changed;
  });
}
