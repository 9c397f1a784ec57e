import pg from 'pg';
import { provisionServiceSchema, runtimeUrl, serviceRoles } from '../db/provision.js';
import { provisionRegistry, REGISTRY_SCHEMA } from './provision-registry.js';
import { assertServiceName, createRegistryClient, type RegistryStore } from './registry-client.js';
import { type RegisteredInstance, type RegistryTiming, type ServiceRegistry, toRegistryTiming } from './service-registry.js';

/** Options of {@link createPostgresRegistry}. */
export interface PostgresRegistryOptions extends RegistryTiming {
  /** The service this process acts for; the registry connects as that service's runtime role. */
  service: string;
  /** Admin connection URL; used only to provision the registry schema and the service's role. */
  adminUrl: string;
}

interface InstanceRow {
  service: string;
  instance_id: string;
  url: string;
  started_at: Date;
  heartbeat_at: Date;
  meta: Record<string, unknown>;
}

const TABLE = `"${REGISTRY_SCHEMA}".instance`;

function instanceRowToInstance(row: InstanceRow): RegisteredInstance {
  return { service: row.service, instanceId: row.instance_id, url: row.url, meta: row.meta, startedAt: row.started_at, heartbeatAt: row.heartbeat_at };
}

function createPostgresStore(pool: pg.Pool, ttlMs: number): RegistryStore {
  return {
    kind: 'postgres',
    async write(instance, startedAt) {
      // The heartbeat also prunes the entries of dead instances, so the table stays small without a janitor.
      // Heartbeat times come from the database clock, so clock skew between hosts cannot kill an instance.
      await pool.query(
        `with pruned as (
           delete from ${TABLE} where heartbeat_at < now() - $6 * interval '1 millisecond' and not (service = $1 and instance_id = $2)
         )
         insert into ${TABLE} (service, instance_id, url, meta, started_at, heartbeat_at) values ($1, $2, $3, $4, $5, now())
         on conflict (service, instance_id) do update set url = excluded.url, meta = excluded.meta, heartbeat_at = now()`,
        [instance.service, instance.instanceId, instance.url, JSON.stringify(instance.meta), startedAt, ttlMs],
      );
    },
    async remove(service, instanceId) {
      await pool.query(`delete from ${TABLE} where service = $1 and instance_id = $2`, [service, instanceId]);
    },
    async list(service) {
      const { rows } = await pool.query<InstanceRow>(
        `select service, instance_id, url, started_at, heartbeat_at, meta from ${TABLE}
         where heartbeat_at >= now() - $1 * interval '1 millisecond' and ($2::text is null or service = $2)
         order by service collate "C", instance_id collate "C"`,
        [ttlMs, service ?? null],
      );
      return rows.map(instanceRowToInstance);
    },
    close: () => pool.end(),
  };
}

/**
 * A {@link ServiceRegistry} in PostgreSQL: the shared `erp_registry.instance` table, provisioned on first use.
 * The service's runtime role gets row rights on it, and the registry keeps a pool of its own (two connections)
 * so heartbeats never queue behind the service's requests.
 *
 * ### Example
 * ```ts
 * const registry = await createPostgresRegistry({ service: 'core', adminUrl: config.databaseUrl });
 * await registry.register({ instanceId: 'core@host:8002#42', url: 'http://host:8002' });
 * ```
 */
export async function createPostgresRegistry(options: PostgresRegistryOptions): Promise<ServiceRegistry> {
  assertServiceName(options.service);
  const timing = toRegistryTiming(options);
  const roles = serviceRoles(options.service, options.adminUrl);
  await provisionServiceSchema(options.adminUrl, roles);
  await provisionRegistry(options.adminUrl, [roles.runtime]);
  const pool = new pg.Pool({
    connectionString: runtimeUrl(options.adminUrl, roles),
    max: 2,
    application_name: `erp-${options.service}-registry`,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its server must not crash the process; the next heartbeat reconnects.
  pool.on('error', () => {});
  return createRegistryClient(createPostgresStore(pool, timing.ttlMs), { service: options.service, heartbeatIntervalMs: timing.heartbeatIntervalMs });
}
