import { performance } from 'node:perf_hooks';
import type { HealthCheck } from '@erp/contracts';
import type { HealthCheckDefinition } from '../health/health-route.js';
import type { ServiceRegistry } from './service-registry.js';

/** Options of {@link registryHealthCheck}. */
export interface RegistryHealthCheckOptions {
  /** When true, a failing registry fails the whole health document; default false (the gateway has fallbacks). */
  critical?: boolean;
  /** Default 2000 ms. */
  timeoutMs?: number;
}

/** Rejects with a clear message when `work` takes longer than `timeoutMs`, so a hung store cannot hang `/health`. */
export function withTimeout<Value>(work: Promise<Value>, timeoutMs: number, what: string): Promise<Value> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A `/health` check of the instance registry: `pass` with the round-trip latency when this instance is listed,
 * `warn` when it is not (not registered yet, or heartbeats failing, so the gateway cannot find it), `fail`
 * when the registry cannot be read.
 *
 * ### Example
 * ```ts
 * const app = await createService({ name: 'core', version, config, db, checks: { registry: registryHealthCheck(registry) } });
 * ```
 */
export function registryHealthCheck(registry: ServiceRegistry, options: RegistryHealthCheckOptions = {}): HealthCheckDefinition {
  return {
    critical: options.critical ?? false,
    async run(): Promise<HealthCheck> {
      const started = performance.now();
      const own = registry.registered;
      const listed = await withTimeout(registry.list(own?.service ?? registry.service), options.timeoutMs ?? 2000, `The ${registry.kind} registry`);
      const latency_ms = Math.round((performance.now() - started) * 1000) / 1000;
      if (!own) return { status: 'warn', latency_ms, detail: 'This instance is not registered, so the gateway cannot route to it.' };
      if (!listed.some((entry) => entry.instanceId === own.instanceId)) {
        return { status: 'warn', latency_ms, detail: `Instance ${own.instanceId} is missing from the registry; its heartbeats are failing.` };
      }
      return { status: 'pass', latency_ms };
    },
  };
}
