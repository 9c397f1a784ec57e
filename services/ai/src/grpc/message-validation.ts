import type { ProblemFieldError } from '@erp/contracts';
import { type AppError, appError, ValidationFailedError } from '@erp/kit';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';

/** Field errors reported per refusal; a message with more problems names the first ones. */
const FIELD_ERRORS_MAX = 10;

/** A refusal of a request message, naming each offending field with a JSON pointer into the message. */
export function invalidMessage(errors: ProblemFieldError[]): AppError {
  const base = new ValidationFailedError('message');
  return appError({ code: base.code, status: base.status, title: base.title, detail: base.detail, errors: errors.slice(0, FIELD_ERRORS_MAX) });
}

/**
 * Checks `value` against the same TypeBox schema the HTTP route validates with, and throws
 * {@link invalidMessage} with the pointers under `prefix` (the message field the value came from).
 */
export function assertMatches(schema: TSchema, value: unknown, prefix: string): void {
  if (Value.Check(schema, value)) return;
  const errors: ProblemFieldError[] = [];
  for (const error of Value.Errors(schema, value)) {
    // An additional property shows twice (once per keyword); its pointer names it once.
    if (error.keyword === 'additionalProperties' || errors.some((known) => known.pointer === `${prefix}${error.instancePath}`)) continue;
    errors.push({ pointer: `${prefix}${error.instancePath}`, detail: error.message });
    if (errors.length === FIELD_ERRORS_MAX) break;
  }
  throw invalidMessage(errors.length > 0 ? errors : [{ pointer: prefix || '/', detail: 'does not match the schema' }]);
}
