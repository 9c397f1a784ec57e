import { writeEvent } from '@erp/kit';
import type { Transaction } from 'kysely';
import { LEDGER_SQLSTATE, pgError } from '../db/db-errors.js';
import { findPeriodOfDate, type PeriodRow } from '../db/fiscal-years.js';
import type { NewEntry } from '../db/journal-entries.js';
import { insertLines } from '../db/journal-lines.js';
import { postWithNextNumber } from '../db/posting-counter.js';
import type { FinanceDb } from '../db/schema.js';
import type { LedgerLine } from '../domain/entry.js';
import { SEAL_VERSION, type SealedEntry, sealOf, sealTemplate, type UnnumberedEntry } from '../domain/entry-seal.js';
import { periodLabel } from '../domain/period-status.js';
import { NoFiscalPeriodError, PeriodClosedError, PeriodLockedError } from '../errors.js';
import type { Actor, LedgerContext } from './context.js';
import { sha256 } from './digest.js';
import { EVENT_SOURCE, entryPostedEvent } from './entry-events.js';
import { assertYearNotClosed } from './year-end-view.js';

function assertOpen(period: PeriodRow | undefined, postingDate: string, yearEndClosing: boolean): PeriodRow {
  if (!period) throw new NoFiscalPeriodError(postingDate);
  // The closing entries go into the last period of a year whose periods are all closed or locked by then;
  // the journal trigger lets exactly the entries named by the year's closing record through.
  if (yearEndClosing) return period;
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
    case LEDGER_SQLSTATE.yearClosed:
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
 * The postings of a fiscal year are serialised by its counter row lock, held from the moment the number is
 * taken until the transaction ends. So everything that needs no number happens first, outside the lock (the
 * lines, and the event with its number, time and seal still open), and the number, the seal, the posting
 * update, the counter and the event's open fields follow in one statement (`postWithNextNumber`). The seal is
 * still made in the posting transaction, not by a batched sealer: chain order equals number order exactly,
 * every committed entry is sealed the moment it exists, and a rolled-back posting leaves neither a number nor
 * a seal behind. The database computes the SHA-256 under the lock from the canonical text prepared here, and
 * the result is checked against this code's own seal before the posting goes on. The posting's balance
 * movements are insert-only delta rows (see `balance-compaction.ts`), so postings share no balance row either.
 * `yearEndClosing` is for the closing entries of a fiscal year only (see `ledger/year-end.ts`).
 */
export async function postDraft(
  trx: Transaction<FinanceDb>,
  context: LedgerContext,
  actor: Actor,
  entry: Omit<NewEntry, 'draftLines' | 'createdBy'>,
  lines: readonly LedgerLine[],
  options: { yearEndClosing?: boolean } = {},
): Promise<SealedEntry> {
  const found = await findPeriodOfDate(trx, actor.tenantId, entry.postingDate);
  // A closed year's periods never reopen, so the refusal names the closing rather than suggesting a reopen.
  if (found && found.status !== 'open' && options.yearEndClosing !== true) await assertYearNotClosed(trx, actor.tenantId, found.year);
  const period = assertOpen(found, entry.postingDate, options.yearEndClosing === true);
  try {
    await insertLines(trx, actor.tenantId, entry.id, lines);
    const unnumbered: UnnumberedEntry = { ...entry, tenantId: actor.tenantId, fiscalYear: period.year, postedBy: actor.actorId, lines };
    // Written before the lock with number, posted_at and hash open; the posting statement fills them in.
    const eventId = await writeEvent(trx, entryPostedEvent({ ...unnumbered, number: 0, postedAt: '' }, period.period, '', actor.traceparent), {
      source: EVENT_SOURCE,
    });
    const counter = await postWithNextNumber(trx, {
      tenantId: actor.tenantId,
      entryId: entry.id,
      fiscalYear: period.year,
      period: period.period,
      postedBy: actor.actorId,
      clock: context.clock(),
      sealVersion: SEAL_VERSION,
      seal: sealTemplate(unnumbered),
      eventId,
    });
    const sealed: SealedEntry = { ...unnumbered, number: counter.number, postedAt: counter.postedAt };
    if (sealOf(counter.previousHash, sealed, sha256) !== counter.hash)
      throw new Error(`The database sealed entry ${entry.id} differently from its canonical form`);
    return sealed;
  } catch (error) {
    throw toPostingError(error, period, entry.postingDate);
  }
}
