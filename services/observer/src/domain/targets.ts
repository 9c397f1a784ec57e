import type { ObserverConfig } from '@erp/contracts';

/** An instance to poll. */
export interface Target {
  readonly service: string;
  /** The base URL, normalised (no trailing slash). */
  readonly url: string;
  readonly source: 'config' | 'registry';
}

/** A live entry of the instance registry, as far as polling needs it. */
export interface RegisteredTarget {
  readonly service: string;
  readonly url: string;
}

/** `http://Host:80/x/` → `http://host/x`: one spelling per address, so duplicates are found. */
export function normaliseUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

/**
 * The instances to poll: every live instance in the registry (a service scaled to three shows three), and the
 * URL of each service in `observer_config.json`, deduplicated by URL. A configured URL is left out when the
 * registry lists live instances of that service and none at that URL: the system then runs elsewhere (another
 * port base, a scaled-in default instance), and polling the stale address would only report a phantom outage.
 * A configured service without any registered instance keeps its URL, so a service that is down is reported.
 */
export function targetsOf(config: ObserverConfig, registered: readonly RegisteredTarget[]): Target[] {
  const targets = new Map<string, Target>();
  for (const instance of registered) {
    const url = safeNormalise(instance.url);
    if (url && !targets.has(url)) targets.set(url, { service: instance.service, url, source: 'registry' });
  }
  const registeredServices = new Set(registered.map((instance) => instance.service));
  for (const [service, entry] of Object.entries(config.services)) {
    const url = safeNormalise(entry.url);
    if (!url || targets.has(url) || registeredServices.has(service)) continue;
    targets.set(url, { service, url, source: 'config' });
  }
  return [...targets.values()].sort((a, b) => (a.service === b.service ? (a.url < b.url ? -1 : 1) : a.service < b.service ? -1 : 1));
}

function safeNormalise(url: string): string | undefined {
  try {
    return normaliseUrl(url);
  } catch {
    return undefined;
  }
}
