import { FINANCE_EVENT_TYPES, type FinanceInvoiceOverdueV1 } from '@erp/contracts';
import { type EventLogger, withTenant, writeEvent } from '@erp/kit';
import type { Transaction } from 'kysely';
import { lockOverdueInvoices, type OpenItemRow, overdueTenants, raiseDunningLevel } from '../db/open-items.js';
import type { FinanceDb } from '../db/schema.js';
import { businessDay, daysOverdue, dunningLevelFor } from '../domain/open-item.js';
import type { LedgerContext } from '../ledger/context.js';
import { EVENT_SOURCE } from '../ledger/entry-events.js';

/** How the overdue check counts: the days overdue each dunning level starts after, and the business day's time zone. */
export interface OverdueSettings {
  /** Ascending; level n is reached more than `levelDays[n - 1]` days after the due date. */
  readonly levelDays: readonly number[];
  readonly timeZone: string;
}

/** What one run of the check did; `failed` names the tenants whose check threw (and is retried next run). */
export interface OverdueRun {
  readonly asOf: string;
  readonly announced: number;
  readonly failed: readonly { tenantId: string; error: unknown }[];
}

function overdueEvent(item: OpenItemRow, tenantId: string, days: number, level: number, asOf: string): { tenantId: string; data: FinanceInvoiceOverdueV1 } {
  return {
    tenantId,
    data: {
      open_item_id: item.id,
      invoice_id: item.document_id,
      invoice_number: item.document_number,
      invoice_date: item.document_date,
      due_date: item.due_date,
      customer: { id: item.partner_id, number: item.partner_number, name: item.partner_name },
      currency: item.currency,
      original_amount: item.original_amount,
      open_amount: item.open_amount,
      days_overdue: days,
      dunning_level: level,
      as_of: asOf,
    },
  };
}

async function checkTenant(trx: Transaction<FinanceDb>, tenantId: string, settings: OverdueSettings, asOf: string): Promise<number> {
  const [afterDays = 0] = settings.levelDays;
  let announced = 0;
  for (const item of await lockOverdueInvoices(trx, tenantId, asOf, afterDays, settings.levelDays.length)) {
    const days = daysOverdue(item.due_date, asOf);
    const level = dunningLevelFor(days, settings.levelDays);
    if (level <= item.dunning_level) continue;
    await raiseDunningLevel(trx, tenantId, item.id, level, asOf);
    const event = overdueEvent(item, tenantId, days, level, asOf);
    await writeEvent(trx, { type: FINANCE_EVENT_TYPES.invoiceOverdue, subject: item.id, ...event }, { source: EVENT_SOURCE });
    announced += 1;
  }
  return announced;
}

/**
 * Finds the customers' invoices that are overdue on today's business day and announces each dunning level an
 * invoice reaches with `erp.finance.invoice.overdue.v1`, written to the outbox in the transaction that records
 * the level, so a level is announced exactly once even when several instances run the check. An invoice that
 * skipped levels (the check was off) announces only the level it has reached.
 */
export async function runOverdueCheck(context: LedgerContext, settings: OverdueSettings): Promise<OverdueRun> {
  const asOf = businessDay(context.clock(), settings.timeZone);
  const [afterDays = 0] = settings.levelDays;
  const tenants = settings.levelDays.length === 0 ? [] : await overdueTenants(context.db, asOf, afterDays, settings.levelDays.length);
  let announced = 0;
  const failed: { tenantId: string; error: unknown }[] = [];
  for (const tenantId of tenants) {
    try {
      announced += await withTenant(context.db, tenantId, (trx) => checkTenant(trx, tenantId, settings, asOf));
    } catch (error) {
      failed.push({ tenantId, error });
    }
  }
  return { asOf, announced, failed };
}

/** The running periodic check; `stop` waits for a run in progress. */
export interface OverdueCheckJob {
  stop(): Promise<void>;
}

/** Runs {@link runOverdueCheck} now and then every `intervalMs`, logging what each run did. */
export function startOverdueCheck(context: LedgerContext, settings: OverdueSettings & { intervalMs: number }, logger: EventLogger): OverdueCheckJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = runOverdueCheck(context, settings)
      .then((run) => {
        for (const failure of run.failed) logger.error({ err: failure.error, tenantId: failure.tenantId }, 'overdue check failed for a tenant');
        if (run.announced > 0) logger.info({ asOf: run.asOf, announced: run.announced }, 'overdue invoices announced');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'overdue check failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, settings.intervalMs).unref();
      });
  };
  timer = setTimeout(tick, 0).unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
