import type { LedgerLine } from './entry.js';

/** The lines of a Storno: the original's lines with debit and credit swapped, in euro and in currency. */
export function toReversalLines(lines: readonly LedgerLine[]): LedgerLine[] {
  return lines.map((line) => ({ ...line, debit: line.credit, credit: line.debit, debitBase: line.creditBase, creditBase: line.debitBase }));
}
