import type { ServiceRegistry } from '@erp/kit';
import type { FastifyBaseLogger } from 'fastify';
import { type AttemptOutcome, createInstanceStates, type InstanceReport } from './balancing/instance-states.js';
import type { BreakerSettings } from './domain/circuit-breaker.js';
import { type BalancingPolicy, chooseUpstream, mergeInstanceUrls, toUpstreamTable } from './domain/upstream-choice.js';

/** One request's claim on an instance: report how it went, then end it when its response is over. */
export interface UpstreamLease {
  readonly url: string;
  /** Feeds the outcome to the breaker and ejection; only the first call counts. */
  record(outcome: AttemptOutcome): void;
  /** Ends the request's count in the instance's outstanding requests; only the first call counts. */
  end(): void;
}

/** Finds the instance a request for a service goes to, and keeps the balancing state of every instance. */
export interface UpstreamResolver {
  /** Claims the instance the policy prefers, skipping `exclude` (instances a retry already tried), or undefined. */
  pick(service: string, exclude?: readonly string[]): Promise<UpstreamLease | undefined>;
  /** The result of an active health check of `url`. */
  setHealthy(url: string, healthy: boolean): void;
  /** Every instance currently known, for the active health checks. */
  targets(): string[];
  /** The state of every known instance, by service, for `/health`. */
  report(): { service: string; instances: InstanceReport[] }[];
}

export interface UpstreamResolverOptions {
  registry: Pick<ServiceRegistry, 'list'>;
  /** `<SERVICE>_URL` from the config, used for a service without registered or listed instances. */
  fallbacks: Readonly<Record<string, string>>;
  /** `<SERVICE>_URLS` from the config: instances that are always there, besides the registry's. */
  configured?: Readonly<Record<string, readonly string[]>>;
  policy?: BalancingPolicy;
  /** How old the registry snapshot may get before it is read again. */
  refreshMs: number;
  /** How long a failed instance stays out of the rotation. */
  ejectMs: number;
  breaker?: BreakerSettings;
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
  const policy = options.policy ?? 'least-outstanding';
  const configured = options.configured ?? {};
  const states = createInstanceStates({ breaker: options.breaker ?? { failureThreshold: 5, cooldownMs: 10_000 }, ejectMs: options.ejectMs, now });
  let table = new Map<string, string[]>();
  let loadedAt: number | undefined;
  let loading: Promise<void> | undefined;
  const counters = new Map<string, number>();

  const instancesOf = (service: string) => mergeInstanceUrls(table.get(service) ?? [], configured[service] ?? [], options.fallbacks[service]);
  const services = () => [...new Set([...table.keys(), ...Object.keys(configured), ...Object.keys(options.fallbacks)])].sort();
  const targets = () => [...new Set(services().flatMap(instancesOf))];

  async function load(): Promise<void> {
    try {
      table = toUpstreamTable(await options.registry.list());
      states.retain(new Set(targets()));
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

  function lease(url: string): UpstreamLease {
    let recorded = false;
    let ended = false;
    states.begin(url);
    return {
      url,
      record(outcome) {
        if (recorded) return;
        recorded = true;
        states.record(url, outcome);
      },
      end() {
        if (ended) return;
        ended = true;
        states.end(url);
      },
    };
  }

  return {
    async pick(service, exclude = []) {
      if (loadedAt === undefined) await refresh();
      else if (now() - loadedAt > options.refreshMs) void refresh();
      const urls = instancesOf(service).filter((url) => !exclude.includes(url));
      const candidates = urls.map((url) => ({ url, outstanding: states.outstanding(url), usable: states.usable(url) }));
      const choice = chooseUpstream(candidates, policy, counters.get(service) ?? 0);
      if (!choice) return undefined;
      counters.set(service, choice.counter);
      return lease(choice.url);
    },
    setHealthy: (url, healthy) => states.setHealthy(url, healthy),
    targets,
    report: () => services().map((service) => ({ service, instances: states.report(instancesOf(service)) })),
  };
}
