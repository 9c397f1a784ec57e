import type { ProblemFieldError } from '@erp/contracts';

const APP_ERROR = Symbol.for('erp.kit.app-error');

/** What every error of a service catalogue carries; the problem handler turns it into RFC 9457. */
export interface AppError extends Error {
  readonly [APP_ERROR]: true;
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors?: ProblemFieldError[];
}

/** The class {@link defineError} returns: `new NotFound(...detailArgs)`. */
export interface AppErrorClass<Args extends unknown[]> {
  new (...args: Args): AppError;
  readonly code: string;
  readonly status: number;
  readonly title: string;
}

/** The definition of one catalogue entry. */
export interface ErrorDefinition<Args extends unknown[]> {
  /** Upper snake case with a service prefix, e.g. `FIN_PERIOD_CLOSED`. */
  code: string;
  /** The HTTP status, 400..599. */
  status: number;
  /** Short, the same for every occurrence. */
  title: string;
  /** The sentence for this occurrence; say what to do about it. */
  detail: (...args: Args) => string;
}

/**
 * Defines one coded error of a service catalogue.
 *
 * ### Example
 * ```ts
 * export const PeriodClosedError = defineError({
 *   code: 'FIN_PERIOD_CLOSED', status: 409, title: 'Fiscal period is closed',
 *   detail: (period: string) => `Period ${period} is closed. Post into an open period or reopen it first.`,
 * });
 * throw new PeriodClosedError('2026-01');
 * ```
 */
export function defineError<Args extends unknown[]>(definition: ErrorDefinition<Args>): AppErrorClass<Args> {
  if (definition.status < 400 || definition.status > 599) throw new Error(`Error ${definition.code}: status must be 4xx or 5xx`);
  const DefinedError = class extends Error implements AppError {
    static readonly code = definition.code;
    static readonly status = definition.status;
    static readonly title = definition.title;
    readonly [APP_ERROR] = true as const;
    readonly code = definition.code;
    readonly status = definition.status;
    readonly title = definition.title;
    readonly detail: string;
    constructor(...args: Args) {
      const detail = definition.detail(...args);
      super(detail);
      this.name = definition.code;
      this.detail = detail;
    }
  };
  return DefinedError;
}

/** Builds an ad-hoc app error with field errors, for validation that happens outside a schema. */
export function appError(fields: { code: string; status: number; title: string; detail: string; errors?: ProblemFieldError[] }): AppError {
  const error = new Error(fields.detail) as Error & Record<string | symbol, unknown>;
  error[APP_ERROR] = true;
  Object.assign(error, fields);
  return error as unknown as AppError;
}

/** Recognises an error of any service catalogue, even from another copy of the kit (no `instanceof`). */
export function isAppError(error: unknown): error is AppError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[APP_ERROR] === true;
}
