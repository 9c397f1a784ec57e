import type { ProblemFieldError, ScoreEntriesRequest } from '@erp/contracts';
import { Decimal } from 'decimal.js';
import Type from 'typebox';
import type { ChartName } from '../intelligence/ledger/chart.js';
import type { LedgerEntry } from '../intelligence/ledger/ledger-entry.js';
import { AccountNumber, Amount, ChartSchema, Day } from '../routes/finance-schemas.js';
import { assertMatches, invalidMessage } from './message-validation.js';

const STRICT = { additionalProperties: false } as const;
const Empty = Type.Literal('');

export const CANDIDATES_MAX = 50;
export const CANDIDATE_LINES_MAX = 500;

const CandidateLine = Type.Object(
  {
    account: AccountNumber,
    debit: Type.Union([Empty, Amount]),
    credit: Type.Union([Empty, Amount]),
    tax_code: Type.String({ pattern: '^([A-Za-z0-9_]{1,16})?$' }),
    tax_of: Type.Integer({ minimum: 0, maximum: CANDIDATE_LINES_MAX }),
    text: Type.String({ maxLength: 500 }),
  },
  STRICT,
);

const CandidateEntry = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    posting_date: Day,
    document_ref: Type.String({ maxLength: 100 }),
    description: Type.String({ maxLength: 1000 }),
    lines: Type.Array(CandidateLine, { minItems: 2, maxItems: CANDIDATE_LINES_MAX }),
    created_by: Type.String({ maxLength: 200 }),
    created_at: Type.Union([Empty, Type.String({ format: 'date-time', maxLength: 40 })]),
  },
  STRICT,
);

/** The message's schema: its fields as decoded, with the limits of the HTTP API's amounts and accounts. */
const ScoreEntriesMessage = Type.Object(
  {
    entries: Type.Array(CandidateEntry, { minItems: 1, maxItems: CANDIDATES_MAX }),
    approval_limits: Type.Array(Amount, { maxItems: 10 }),
    chart: Type.Union([Empty, ChartSchema]),
    language: Type.String(),
  },
  STRICT,
);

/** A checked request: the candidates as ledger entries under ids of their own, and the detectors' options. */
export interface ScoreRequest {
  /** The candidates, id `candidate:<position>`, so no caller's id can meet a posted entry's id. */
  readonly candidates: readonly LedgerEntry[];
  /** The caller's ids by the candidates' own. */
  readonly callerIds: ReadonlyMap<string, string>;
  /** Ascending, or undefined for the configured ones. */
  readonly approvalLimits: readonly number[] | undefined;
  readonly chart: ChartName | undefined;
}

const isPositive = (amount: string) => amount !== '' && new Decimal(amount).greaterThan(0);

/** What the schema cannot say: one side per line, tax lines that point at another line, ids used once. */
function lineProblems(entries: ScoreEntriesRequest['entries']): ProblemFieldError[] {
  const problems: ProblemFieldError[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (seen.has(entry.id)) problems.push({ pointer: `/entries/${index}/id`, detail: 'is used by an earlier entry of the request' });
    seen.add(entry.id);
    entry.lines.forEach((line, position) => {
      const pointer = `/entries/${index}/lines/${position}`;
      if (isPositive(line.debit) === isPositive(line.credit)) problems.push({ pointer, detail: 'needs exactly one positive side, debit or credit' });
      if (line.tax_of > entry.lines.length || line.tax_of === position + 1)
        problems.push({ pointer: `${pointer}/tax_of`, detail: 'must name another line of the entry' });
    });
  });
  return problems;
}

function toCandidate(entry: ScoreEntriesRequest['entries'][number], index: number, caller: string, now: Date): LedgerEntry {
  const amount = (value: string) => (value === '' ? '0.00' : new Decimal(value).toFixed(2));
  return {
    id: `candidate:${index}`,
    postingDate: entry.posting_date,
    postedAt: entry.created_at === '' ? now.toISOString() : new Date(entry.created_at).toISOString(),
    postedBy: entry.created_by === '' ? caller : entry.created_by,
    documentRef: entry.document_ref,
    description: entry.description,
    reversalOf: null,
    reversed: false,
    lines: entry.lines.map((line, position) => ({
      lineNo: position + 1,
      account: line.account,
      debit: amount(line.debit),
      credit: amount(line.credit),
      taxCode: line.tax_code === '' ? null : line.tax_code,
      taxOf: line.tax_of === 0 ? null : line.tax_of,
      text: line.text === '' ? null : line.text,
    })),
  };
}

/** Reads and checks a `ScoreEntries` request; throws INVALID_ARGUMENT naming every offending field. */
export function toScoreRequest(request: ScoreEntriesRequest, caller: string, now: Date): ScoreRequest {
  const { entries, approval_limits: limits, chart } = request;
  assertMatches(ScoreEntriesMessage, { entries, approval_limits: limits, chart, language: request.language }, '');
  const problems = lineProblems(entries);
  if (problems.length > 0) throw invalidMessage(problems);
  const candidates = entries.map((entry, index) => toCandidate(entry, index, caller, now));
  return {
    candidates,
    callerIds: new Map(candidates.map((candidate, index) => [candidate.id, entries[index]?.id ?? candidate.id])),
    approvalLimits: limits.length === 0 ? undefined : limits.map(Number).sort((a, b) => a - b),
    chart: chart === '' ? undefined : (chart as ChartName),
  };
}
