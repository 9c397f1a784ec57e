import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  type PostgresDialectConfig,
  PostgresDriver,
  type TransactionSettings,
} from 'kysely';

/** The tenant a transaction about to begin is for; `applied` once its BEGIN has set `app.tenant_id`. */
export interface TenantScope {
  readonly tenantId: string;
  applied: boolean;
}

/** Set by `withTenant` around the start of its transaction only. */
export const tenantScope = new AsyncLocalStorage<TenantScope>();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Kysely's PostgreSQL driver, except that a transaction begun by `withTenant` sets `app.tenant_id` in the same
 * round trip as its BEGIN: both statements go as one simple-protocol message, which the server runs in order.
 * A transaction per request is the rule here, so this saves one round trip of every tenant transaction. The
 * tenant id is written into the text, so it must be a UUID (checked again here; `withTenant` checks it first).
 */
class TenantTransactionDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const scope = tenantScope.getStore();
    if (!scope || scope.applied || !UUID.test(scope.tenantId)) return super.beginTransaction(connection, settings);
    const begin =
      settings.isolationLevel || settings.accessMode
        ? `start transaction ${[settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '', settings.accessMode ?? ''].join(' ').trim()}`
        : 'begin';
    await connection.executeQuery(CompiledQuery.raw(`${begin}; select set_config('app.tenant_id', '${scope.tenantId.toLowerCase()}', true)`));
    scope.applied = true;
  }
}

/** Kysely's PostgreSQL dialect with {@link TenantTransactionDriver}; every service database uses it. */
export class TenantAwarePostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;

  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new TenantTransactionDriver(this.#config);
  }
}
