import type { ProblemFieldError } from '@erp/contracts';
import { InvalidAmountError, withFieldErrors } from '../errors.js';

/**
 * Refuses amounts sent as JSON numbers before validation could coerce them to strings: a number has already
 * passed through a binary float when the service sees it, so the ledger accepts amounts only as strings.
 */
export async function rejectNumericAmounts(request: { body: unknown }): Promise<void> {
  const lines = (request.body as { lines?: unknown } | null)?.lines;
  if (!Array.isArray(lines)) return;
  const problems: ProblemFieldError[] = [];
  lines.forEach((line: unknown, index) => {
    for (const side of ['debit', 'credit'] as const) {
      const value = (line as Record<string, unknown> | null)?.[side];
      if (typeof value === 'number')
        problems.push({ pointer: `/lines/${index}/${side}`, detail: `Send the amount as a string, e.g. "${value.toFixed(2)}", never as a number.` });
    }
  });
  if (problems.length > 0) throw withFieldErrors(InvalidAmountError, problems, problems.length);
}
