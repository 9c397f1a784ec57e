import Type, { type Static } from 'typebox';

/**
 * The environment variables every service reads, with the service's default port filled in.
 * Spread the result into the service's own `Type.Object({...})`.
 *
 * ### Example
 * ```ts
 * const Env = Type.Object({ ...serviceEnvProperties(8006), POSTING_BATCH: Type.Integer({ default: 100 }) });
 * ```
 */
export function serviceEnvProperties(defaultPort: number) {
  return {
    PORT: Type.Integer({ default: defaultPort, minimum: 0, maximum: 65535 }),
    HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
    PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
    DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://', description: 'Admin connection; the kit provisions the service role from it.' }),
    DB_POOL_MAX: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
    REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
    AMQP_URL: Type.Optional(Type.String({ pattern: '^amqps?://' })),
    LOG_LEVEL: Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
      { default: 'info' },
    ),
    BODY_LIMIT_BYTES: Type.Integer({ default: 1_048_576, minimum: 1024 }),
    SHUTDOWN_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100 }),
  };
}

const BaseEnv = Type.Object(serviceEnvProperties(0));
type BaseEnv = Static<typeof BaseEnv>;

/** The settings every service has, after validation. */
export interface ServiceConfig {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string | undefined;
  readonly databaseUrl: string;
  readonly dbPoolMax: number;
  readonly redisUrl: string | undefined;
  readonly amqpUrl: string | undefined;
  readonly logLevel: string;
  readonly bodyLimitBytes: number;
  readonly shutdownTimeoutMs: number;
}

/** Maps the parsed variables of {@link serviceEnvProperties} to a frozen {@link ServiceConfig}. */
export function toServiceConfig(parsed: BaseEnv): ServiceConfig {
  return Object.freeze({
    port: parsed.PORT,
    host: parsed.HOST,
    publicUrl: parsed.PUBLIC_URL,
    databaseUrl: parsed.DATABASE_URL,
    dbPoolMax: parsed.DB_POOL_MAX,
    redisUrl: parsed.REDIS_URL,
    amqpUrl: parsed.AMQP_URL,
    logLevel: parsed.LOG_LEVEL,
    bodyLimitBytes: parsed.BODY_LIMIT_BYTES,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
  });
}
