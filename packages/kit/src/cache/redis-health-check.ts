import { performance } from 'node:perf_hooks';
import type { HealthCheck } from '@erp/contracts';
import type { Redis } from 'ioredis';
import type { HealthCheckDefinition } from '../health/health-route.js';
import { withTimeout } from '../registry/registry-health-check.js';

/** Options of {@link redisHealthCheck}. */
export interface RedisHealthCheckOptions {
  /** When true, Redis being down fails the whole health document; default false. */
  critical?: boolean;
  /** Default 1000 ms. */
  timeoutMs?: number;
}

/**
 * A `/health` check of a Redis connection: `PING` with its round-trip latency. A client that is not connected
 * fails at once with its connection state, rather than queueing the ping behind a reconnect.
 *
 * ### Example
 * ```ts
 * const checks = redis ? { redis: redisHealthCheck(redis) } : {};
 * const app = await createService({ name: 'core', version, config, db, checks });
 * ```
 */
export function redisHealthCheck(redis: Redis, options: RedisHealthCheckOptions = {}): HealthCheckDefinition {
  return {
    critical: options.critical ?? false,
    async run(): Promise<HealthCheck> {
      if (redis.status !== 'ready') return { status: 'fail', detail: `Redis is not connected (connection ${redis.status}).` };
      const started = performance.now();
      await withTimeout(redis.ping(), options.timeoutMs ?? 1000, 'Redis');
      return { status: 'pass', latency_ms: Math.round((performance.now() - started) * 1000) / 1000 };
    },
  };
}
