import type { Static, TObject } from 'typebox';
import { Value } from 'typebox/value';

/** Thrown by {@link parseEnv} when a variable is missing or malformed; the message is one line naming it. */
export class InvalidEnvironmentError extends Error {
  override readonly name = 'InvalidEnvironmentError';
}

/**
 * Reads the variables named in `schema` from `env`, applies defaults and converts strings to the declared
 * types. Throws {@link InvalidEnvironmentError} naming the first bad variable.
 *
 * ### Example
 * ```ts
 * const Env = Type.Object({ PORT: Type.Integer({ default: 8006 }) });
 * const { PORT } = parseEnv(Env, { PORT: '9000' }); // 9000
 * ```
 */
export function parseEnv<Schema extends TObject>(schema: Schema, env: Record<string, string | undefined>): Static<Schema> {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const raw = env[key];
    if (raw !== undefined && raw !== '') picked[key] = raw;
  }
  const value = Value.Convert(schema, Value.Default(schema, picked));
  const [first] = Value.Errors(schema, value);
  if (first) {
    const variable = first.instancePath.replace(/^\//, '').split('/')[0] || missingKey(first.params);
    const shown = variable && picked[variable] !== undefined ? `${variable}=${String(picked[variable])}` : `${variable} is missing`;
    throw new InvalidEnvironmentError(`Invalid environment: ${shown} (${first.message})`);
  }
  return value as Static<Schema>;
}

function missingKey(params: unknown): string {
  const required = (params as { requiredProperties?: string[] } | undefined)?.requiredProperties;
  return required?.[0] ?? 'unknown variable';
}

/**
 * Like {@link parseEnv}, but prints the one-line reason to stderr and exits with code 1. For `main.ts` only.
 */
export function parseEnvOrExit<Schema extends TObject>(schema: Schema, env: Record<string, string | undefined>): Static<Schema> {
  try {
    return parseEnv(schema, env);
  } catch (error) {
    if (!(error instanceof InvalidEnvironmentError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
