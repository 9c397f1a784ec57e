import type { ServiceRegistry } from '@erp/kit';
import type { FastifyBaseLogger } from 'fastify';
import { chooseUpstream, toUpstreamTable } from './domain/upstream-choice.js';

/** Finds the base URL a request for a service goes to. */
export interface UpstreamResolver {
  /** The next live instance of `service` (round robin), its configured URL when the registry has none, or undefined. */
  pick(service: string): Promise<string | undefined>;
  /** Takes `url` out of the rotation for a while after it failed to answer. */
  reportFailure(url: string): void;
}

export interface UpstreamResolverOptions {
  registry: Pick<ServiceRegistry, 'list'>;
  /** `<SERVICE>_URL` from the config, used for a service without live instances in the registry. */
  fallbacks: Readonly<Record<string, string>>;
  /** How old the registry snapshot may get before it is read again. */
  refreshMs: number;
  /** How long a failed instance stays out of the rotation. */
  ejectMs: number;
  log: Pick<FastifyBaseLogger, 'warn'>;
  now?: () => number;
}

/**
 * Resolves upstreams from a snapshot of the registry, read again in the background once it is older than
 * `refreshMs`, so a request waits for the registry only when the gateway has never read it. If the registry
 * cannot be read, the last snapshot stays in use and the configured URLs cover services it lacks.
 */
export function createUpstreamResolver(options: UpstreamResolverOptions): UpstreamResolver {
  const now = options.now ?? Date.now;
  let table = new Map<string, string[]>();
  let loadedAt: number | undefined;
  let loading: Promise<void> | undefined;
  const counters = new Map<string, number>();
  const ejectedUntil = new Map<string, number>();

  async function load(): Promise<void> {
    try {
      table = toUpstreamTable(await options.registry.list());
    } catch (error) {
      options.log.warn({ err: error }, 'registry unreadable; routing with the last known instances');
    } finally {
      // Also after a failure, so a registry outage costs one attempt per interval rather than one per request.
      loadedAt = now();
    }
  }

  function refresh(): Promise<void> {
    loading ??= load().finally(() => {
      loading = undefined;
    });
    return loading;
  }

  return {
    async pick(service) {
      if (loadedAt === undefined) await refresh();
      else if (now() - loadedAt > options.refreshMs) void refresh();
      const registered = table.get(service) ?? [];
      const fallback = options.fallbacks[service];
      const candidates = registered.length > 0 ? registered : fallback ? [fallback.replace(/\/+$/, '')] : [];
      const choice = chooseUpstream(candidates, counters.get(service) ?? 0, ejectedUntil, now());
      if (choice) counters.set(service, choice.counter);
      return choice?.url;
    },
    reportFailure(url) {
      const at = now();
      // Instances come and go with new URLs; dropping expired ejections keeps the map as small as the fleet.
      for (const [ejected, until] of ejectedUntil) if (until <= at) ejectedUntil.delete(ejected);
      ejectedUntil.set(url, at + options.ejectMs);
    },
  };
}
