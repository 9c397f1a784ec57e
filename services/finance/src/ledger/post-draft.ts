import { writeEvents } from '@erp/kit';
import type { Transaction } from 'kysely';
import { LEDGER_SQLSTATE, pgError } from '../db/db-errors.js';
import { findPeriodsOfDates, type PeriodRow } from '../db/fiscal-years.js';
import type { NewEntry } from '../db/journal-entries.js';
import { insertLinesOfEntries } from '../db/journal-lines.js';
import { type CounterResult, postWithNextNumbers } from '../db/posting-counter.js';
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

/** A draft row to post: who posts it, its header and its checked lines. */
export interface DraftToPost {
  readonly actor: Actor;
  readonly entry: Omit<NewEntry, 'draftLines' | 'createdBy'>;
  readonly lines: readonly LedgerLine[];
}

/** A posted entry as sealed, with what the counter gave it besides its number and time. */
export interface PostingResult {
  readonly entry: SealedEntry;
  readonly period: number;
  readonly previousHash: string;
  readonly hash: string;
  /** The entry row's version after the posting. */
  readonly version: number;
}

/** A draft whose period is open: what {@link writePostings} takes. */
export interface PlannedPosting extends DraftToPost {
  readonly period: PeriodRow;
}

/**
 * The period each draft posts into, or, as a value, the refusal of a draft whose posting date no open period
 * covers (no period, a closed or locked one, a closed year). The drafts belong to `tenantId`.
 */
export async function planPostings(
  trx: Transaction<FinanceDb>,
  tenantId: string,
  drafts: readonly DraftToPost[],
  options: { yearEndClosing?: boolean } = {},
): Promise<(PlannedPosting | Error)[]> {
  const periods = await findPeriodsOfDates(
    trx,
    tenantId,
    drafts.map((draft) => draft.entry.postingDate),
  );
  const closedYears = new Map<number, Error | undefined>();
  const plans: (PlannedPosting | Error)[] = [];
  for (const draft of drafts) {
    const found = periods.get(draft.entry.postingDate);
    // A closed year's periods never reopen, so the refusal names the closing rather than suggesting a reopen.
    if (found && found.status !== 'open' && options.yearEndClosing !== true) {
      if (!closedYears.has(found.year))
        closedYears.set(
          found.year,
          await assertYearNotClosed(trx, tenantId, found.year).then(
            () => undefined,
            (error: Error) => error,
          ),
        );
      const closed = closedYears.get(found.year);
      if (closed) {
        plans.push(closed);
        continue;
      }
    }
    try {
      plans.push({ ...draft, period: assertOpen(found, draft.entry.postingDate, options.yearEndClosing === true) });
    } catch (error) {
      plans.push(error as Error);
    }
  }
  return plans;
}

/**
 * Posts planned drafts of `tenantId` inside `trx`, all or none: writes their lines, takes the next numbers of
 * their fiscal years, seals them into the years' hash chains and writes an `erp.finance.entry.posted.v1` for
 * each. Returns the sealed entries in the order given.
 *
 * The postings of a fiscal year are serialised by its counter row lock, held from the moment the numbers are
 * taken until the transaction ends. So everything that needs no number happens first, outside the lock (the
 * lines, and the events with number, time and seal still open), and the numbers, the seals, the posting
 * updates, the counter and the events' open fields follow in one statement (`postWithNextNumbers`). Posting
 * several drafts in one transaction (see `posting-batcher.ts`) takes that lock and the commit once for all of
 * them. The seals are still made in the posting transaction, not by a batched sealer: chain order equals number
 * order exactly, every committed entry is sealed the moment it exists, and a rolled-back posting leaves neither
 * a number nor a seal behind. The database computes each SHA-256 under the lock from the canonical text prepared
 * here, and the result is checked against this code's own seal before the posting goes on. The postings'
 * balance movements are insert-only delta rows (see `balance-compaction.ts`), so postings share no balance row.
 * A single posting's refusal by the triggers (a period closed meanwhile) is thrown as the catalogue error; with
 * several the database error is thrown as it is, since it cannot tell whose it was.
 */
export async function writePostings(
  trx: Transaction<FinanceDb>,
  context: LedgerContext,
  tenantId: string,
  plans: readonly PlannedPosting[],
): Promise<PostingResult[]> {
  const [single] = plans;
  if (!single) return [];
  try {
    return await writeAll(trx, context, tenantId, plans);
  } catch (error) {
    throw plans.length === 1 ? toPostingError(error, single.period, single.entry.postingDate) : error;
  }
}

async function writeAll(trx: Transaction<FinanceDb>, context: LedgerContext, tenantId: string, plans: readonly PlannedPosting[]): Promise<PostingResult[]> {
  // The database takes the years' counter locks in ascending order, so two transactions never wait in a circle.
  const ordered = plans
    .map((plan, index) => ({ plan, index }))
    .sort((left, right) => left.plan.period.year - right.plan.period.year || left.index - right.index);
  const unnumbered = ordered.map(
    ({ plan }): UnnumberedEntry => ({
      ...plan.entry,
      tenantId,
      fiscalYear: plan.period.year,
      postedBy: plan.actor.actorId,
      lines: plan.lines,
    }),
  );
  await insertLinesOfEntries(
    trx,
    tenantId,
    ordered.map(({ plan }) => ({ entryId: plan.entry.id, lines: plan.lines })),
  );
  // Written before the lock with number, posted_at and hash open; the posting statement fills them in.
  const eventIds = await writeEvents(
    trx,
    ordered.map(({ plan }, position) =>
      entryPostedEvent({ ...(unnumbered[position] as UnnumberedEntry), number: 0, postedAt: '' }, plan.period.period, '', plan.actor.traceparent),
    ),
    { source: EVENT_SOURCE },
  );
  const counters = await postWithNextNumbers(trx, {
    tenantId,
    clock: context.clock(),
    sealVersion: SEAL_VERSION,
    drafts: ordered.map(({ plan }, position) => ({
      entryId: plan.entry.id,
      fiscalYear: plan.period.year,
      period: plan.period.period,
      postedBy: plan.actor.actorId,
      seal: sealTemplate(unnumbered[position] as UnnumberedEntry),
      eventId: eventIds[position] as string,
    })),
  });
  const results = new Array<PostingResult>(plans.length);
  ordered.forEach(({ plan, index }, position) => {
    const counter = counters[position] as CounterResult;
    const entry: SealedEntry = { ...(unnumbered[position] as UnnumberedEntry), number: counter.number, postedAt: counter.postedAt };
    if (sealOf(counter.previousHash, entry, sha256) !== counter.hash)
      throw new Error(`The database sealed entry ${entry.id} differently from its canonical form`);
    results[index] = { entry, period: plan.period.period, previousHash: counter.previousHash, hash: counter.hash, version: counter.version };
  });
  return results;
}

/**
 * Posts the draft row `entry.id` with `lines` inside `trx` (see {@link writePostings}); a refusal is thrown.
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
  const [plan] = await planPostings(trx, actor.tenantId, [{ actor, entry, lines }], options);
  if (!plan || plan instanceof Error) throw plan;
  const [posted] = await writePostings(trx, context, actor.tenantId, [plan]);
  return (posted as PostingResult).entry;
}
