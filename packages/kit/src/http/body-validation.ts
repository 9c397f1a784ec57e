import { AjvCompiler } from '@fastify/ajv-compiler';

/** What Fastify hands a validator compiler for one route part. */
interface RoutePart {
  schema: unknown;
  method: string;
  url: string;
  httpPart?: string;
}
type CompileRoutePart = (route: RoutePart) => unknown;
// The factory's own typings mix in JTD options; Fastify always passes plain Ajv options here.
type AjvServerOptions = { customOptions?: Record<string, unknown>; plugins?: unknown[] };
const createCompiler = AjvCompiler() as unknown as (externalSchemas: unknown, options: AjvServerOptions) => CompileRoutePart;

/**
 * Fastify's validator factory with one change: request bodies are validated as sent. Ajv's defaults suit
 * query strings and path parameters, whose values arrive as text ("50" must become 50), but applied to a
 * JSON body they turn `"amount": 1.5` into the string "1.5" and silently drop a misspelt field, so a client
 * never learns that `"taxcode"` was ignored. Bodies therefore get no type coercion and keep unknown
 * properties, which schemas with `additionalProperties: false` then refuse with a 400 naming the field.
 */
export function buildStrictBodyValidator(externalSchemas: unknown, serverOptions: unknown): CompileRoutePart {
  const options = (serverOptions ?? {}) as AjvServerOptions;
  const lenient = createCompiler(externalSchemas, options);
  const strict = createCompiler(externalSchemas, { ...options, customOptions: { ...options.customOptions, coerceTypes: false, removeAdditional: false } });
  return (route) => (route.httpPart === 'body' ? strict(route) : lenient(route));
}
