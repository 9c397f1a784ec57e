export type BalancingPolicy = 'least-outstanding' | 'round-robin';

export const BALANCING_POLICIES: readonly BalancingPolicy[] = ['least-outstanding', 'round-robin'];

/** One instance the gateway could send a request to, as the balancer sees it. */
export interface Candidate {
  readonly url: string;
  /** Requests sent to it whose response has not ended yet. */
  readonly outstanding: number;
  /** Healthy, not ejected and admitted by its circuit breaker. */
  readonly usable: boolean;
}

/** The URL to forward to, and the round-robin counter for the next choice. */
export interface UpstreamChoice {
  readonly url: string;
  readonly counter: number;
}

/**
 * Chooses among the usable candidates: the fewest outstanding requests (ties in turn) or strictly in turn.
 * When no candidate is usable it chooses among all of them: an instance that failed a moment ago is a better
 * bet than certain failure.
 */
export function chooseUpstream(candidates: readonly Candidate[], policy: BalancingPolicy, counter: number): UpstreamChoice | undefined {
  if (candidates.length === 0) return undefined;
  const usable = candidates.filter((candidate) => candidate.usable);
  let pool = usable.length > 0 ? usable : candidates;
  if (policy === 'least-outstanding') {
    const least = Math.min(...pool.map((candidate) => candidate.outstanding));
    pool = pool.filter((candidate) => candidate.outstanding === least);
  }
  const chosen = pool[counter % pool.length] as Candidate;
  return { url: chosen.url, counter: counter + 1 };
}

/** Groups registry entries by service, each service's URLs in a stable order. */
export function toUpstreamTable(instances: readonly { service: string; url: string }[]): Map<string, string[]> {
  const table = new Map<string, string[]>();
  for (const instance of instances) {
    const urls = table.get(instance.service) ?? [];
    if (!urls.includes(instance.url)) urls.push(instance.url);
    table.set(instance.service, urls);
  }
  return table;
}

/**
 * The instances of a service: the registry's and the configured list merged without duplicates (trailing
 * slashes ignored), or the single fallback URL when both are empty.
 */
export function mergeInstanceUrls(registered: readonly string[], configured: readonly string[], fallback: string | undefined): string[] {
  const merged = [...new Set([...registered, ...configured].map(withoutTrailingSlash))];
  if (merged.length > 0) return merged;
  return fallback ? [withoutTrailingSlash(fallback)] : [];
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
