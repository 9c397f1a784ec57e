import { writeEvent } from '@erp/kit';
import type { Transaction } from 'kysely';
import { LEDGER_SQLSTATE, pgError } from '../db/db-errors.js';
import { findPeriodOfDate, type PeriodRow } from '../db/fiscal-years.js';
import { markPosted, type NewEntry } from '../db/journal-entries.js';
import { insertLines } from '../db/journal-lines.js';
import { advanceCounter, lockCounter } from '../db/posting-counter.js';
import type { FinanceDb } from '../db/schema.js';
import type { LedgerLine } from '../domain/entry.js';
import { SEAL_VERSION, type SealedEntry, sealOf } from '../domain/entry-seal.js';
import { periodLabel } from '../domain/period-status.js';
import { NoFiscalPeriodError, PeriodClosedError, PeriodLockedError } from '../errors.js';
import type { Actor, LedgerContext } from './context.js';
import { sha256 } from './digest.js';
import { EVENT_SOURCE, entryPostedEvent } from './entry-events.js';

function assertOpen(period: PeriodRow | undefined, postingDate: string): PeriodRow {
  if (!period) throw new NoFiscalPeriodError(postingDate);
  const label = periodLabel(period.year, period.period);
  if (period.status === 'locked') throw new PeriodLockedError(label);
  if (period.status === 'closed') throw new PeriodClosedError(label);
  return period;
}

/** Maps the triggers' refusals, which win a race against the checks above, to the same catalogue errors. */
function toPostingError(error: unknown, period: PeriodRow, postingDate: string): unknown {
  const label = periodLabel(period.year, period.period);
  switch (pgError(error).code) {
    case LEDGER_SQLSTATE.periodClosed:
      return new PeriodClosedError(label);
    case LEDGER_SQLSTATE.periodLocked:
      return new PeriodLockedError(label);
    case LEDGER_SQLSTATE.noPeriod:
      return new NoFiscalPeriodError(postingDate);
    default:
      return error;
  }
}

/**
 * Posts the draft row `entry.id` with `lines` inside `trx`: writes the lines, takes the next number of the
 * fiscal year, seals the entry into the year's hash chain and writes `erp.finance.entry.posted.v1`.
 *
 * The seal is computed here, in the posting transaction, rather than by a batched sealer: the counter row
 * lock already serialises the year's postings, so chain order equals number order exactly, every committed
 * entry is sealed the moment it exists, and a rolled-back posting leaves neither a number nor a seal behind.
 * The price is one SHA-256 of the entry (microseconds) inside the lock.
 */
export async function postDraft(
  trx: Transaction<FinanceDb>,
  context: LedgerContext,
  actor: Actor,
  entry: Omit<NewEntry, 'draftLines' | 'createdBy'>,
  lines: readonly LedgerLine[],
): Promise<SealedEntry> {
  const period = assertOpen(await findPeriodOfDate(trx, actor.tenantId, entry.postingDate), entry.postingDate);
  try {
    await insertLines(trx, actor.tenantId, entry.id, lines);
    const counter = await lockCounter(trx, actor.tenantId, period.year);
    const sealed: SealedEntry = {
      ...entry,
      tenantId: actor.tenantId,
      fiscalYear: period.year,
      number: counter.lastNumber + 1,
      // Taken after the counter lock, so posting times rise with the numbers.
      postedAt: context.clock().toISOString(),
      postedBy: actor.actorId,
      lines,
    };
    const hash = sealOf(counter.lastHash, sealed, sha256);
    await markPosted(trx, actor.tenantId, entry.id, {
      fiscalYear: period.year,
      period: period.period,
      number: sealed.number,
      postedAt: new Date(sealed.postedAt),
      postedBy: actor.actorId,
      sealVersion: SEAL_VERSION,
      previousHash: counter.lastHash,
      hash,
    });
    await advanceCounter(trx, actor.tenantId, period.year, { lastNumber: sealed.number, lastHash: hash });
    await writeEvent(trx, entryPostedEvent(sealed, period.period, hash, actor.traceparent), { source: EVENT_SOURCE });
    return sealed;
  } catch (error) {
    throw toPostingError(error, period, entry.postingDate);
  }
}
