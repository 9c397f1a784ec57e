import type { ChainableCommander, Redis } from 'ioredis';
import { assertServiceName, createRegistryClient, type RegistryStore } from './registry-client.js';
import { type RegisteredInstance, type RegistryTiming, type ServiceRegistry, toRegistryTiming } from './service-registry.js';

/** Options of {@link createRedisRegistry}. */
export interface RedisRegistryOptions extends RegistryTiming {
  /** The service this process acts for. */
  service: string;
  /** A connected client; the registry uses it but does not close it (whoever created it does). */
  redis: Redis;
  /** Prefix of every key, default `erp:registry`; tests use their own to stay apart. */
  keyPrefix?: string;
}

interface StoredInstance {
  service: string;
  instanceId: string;
  url: string;
  meta: Record<string, unknown>;
  startedAt: string;
  heartbeatAt: string;
}

/** Runs a MULTI and throws the first command error, which ioredis would otherwise only put in the result. */
async function execOrThrow(transaction: ChainableCommander): Promise<void> {
  const results = await transaction.exec();
  if (!results) throw new Error('Redis transaction was aborted');
  const failed = results.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
}

function storedToInstance(stored: StoredInstance): RegisteredInstance {
  return { ...stored, startedAt: new Date(stored.startedAt), heartbeatAt: new Date(stored.heartbeatAt) };
}

/**
 * Layout: `<prefix>:instance:<service>:<instanceId>` holds the entry as JSON and expires after the TTL unless a
 * heartbeat rewrites it; `<prefix>:index:<service>` is the set of instance ids and `<prefix>:services` the set
 * of service names. Expiry is Redis's job, so liveness never depends on the clocks of the hosts; ids whose
 * entry expired are dropped from the index when a list finds them missing.
 */
function createRedisStore(redis: Redis, prefix: string, ttlMs: number): RegistryStore {
  const entryKey = (service: string, instanceId: string) => `${prefix}:instance:${service}:${instanceId}`;
  const indexKey = (service: string) => `${prefix}:index:${service}`;
  const servicesKey = `${prefix}:services`;

  async function listService(service: string): Promise<RegisteredInstance[]> {
    // Code unit order, like the PostgreSQL registry's "C" collation for these ASCII ids.
    const ids = (await redis.smembers(indexKey(service))).sort();
    if (ids.length === 0) return [];
    const values = await redis.mget(ids.map((instanceId) => entryKey(service, instanceId)));
    const expired = ids.filter((_instanceId, index) => values[index] == null);
    if (expired.length > 0) await redis.srem(indexKey(service), ...expired);
    return values.filter((value): value is string => value != null).map((value) => storedToInstance(JSON.parse(value) as StoredInstance));
  }

  return {
    kind: 'redis',
    async write(instance, startedAt) {
      const stored: StoredInstance = { ...instance, meta: { ...instance.meta }, startedAt: startedAt.toISOString(), heartbeatAt: new Date().toISOString() };
      // Adding to the index on every heartbeat repairs an index entry that a concurrent list pruned.
      await execOrThrow(
        redis
          .multi()
          .set(entryKey(instance.service, instance.instanceId), JSON.stringify(stored), 'PX', ttlMs)
          .sadd(indexKey(instance.service), instance.instanceId)
          .sadd(servicesKey, instance.service),
      );
    },
    async remove(service, instanceId) {
      await execOrThrow(redis.multi().del(entryKey(service, instanceId)).srem(indexKey(service), instanceId));
    },
    async list(service) {
      const services = service === undefined ? (await redis.smembers(servicesKey)).sort() : [service];
      const lists = await Promise.all(services.map(listService));
      return lists.flat();
    },
    // The client belongs to the caller, who may share it with the cache and pub/sub.
    close: async () => {},
  };
}

/**
 * A {@link ServiceRegistry} in Redis: keys with a TTL that the heartbeat refreshes.
 *
 * ### Example
 * ```ts
 * const redis = connectRedis(config.redisUrl, { name: 'core' });
 * const registry = createRedisRegistry({ service: 'core', redis });
 * await registry.register({ instanceId: 'core@host:8002#42', url: 'http://host:8002' });
 * ```
 */
export function createRedisRegistry(options: RedisRegistryOptions): ServiceRegistry {
  assertServiceName(options.service);
  const timing = toRegistryTiming(options);
  const store = createRedisStore(options.redis, options.keyPrefix ?? 'erp:registry', timing.ttlMs);
  return createRegistryClient(store, { service: options.service, heartbeatIntervalMs: timing.heartbeatIntervalMs });
}
