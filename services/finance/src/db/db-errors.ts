/** The SQLSTATE and constraint of a PostgreSQL error, when `error` is one. */
export function pgError(error: unknown): { code?: string; constraint?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return { ...(typeof code === 'string' ? { code } : {}), ...(typeof constraint === 'string' ? { constraint } : {}) };
}

/** SQLSTATEs the finance triggers raise (see the migrations). */
export const LEDGER_SQLSTATE = {
  posted: 'FN001',
  periodClosed: 'FN002',
  noPeriod: 'FN003',
  unbalanced: 'FN004',
  periodLocked: 'FN005',
  kept: 'FN006',
  yearsOverlap: 'FN007',
  reasonRequired: 'FN008',
  counterStep: 'FN009',
  journalState: 'FN010',
  yearClosed: 'FN011',
  yearEndClosing: 'FN012',
  documentLinked: 'FN013',
} as const;
