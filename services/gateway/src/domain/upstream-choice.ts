/** The URL to forward to, and the round-robin counter for the next choice. */
export interface UpstreamChoice {
  readonly url: string;
  readonly counter: number;
}

/**
 * Round robin over `candidates`, skipping URLs ejected until a time after `now`. When every candidate is
 * ejected it tries them all anyway: an instance that failed a moment ago is a better bet than certain failure.
 */
export function chooseUpstream(
  candidates: readonly string[],
  counter: number,
  ejectedUntil: ReadonlyMap<string, number>,
  now: number,
): UpstreamChoice | undefined {
  if (candidates.length === 0) return undefined;
  const healthy = candidates.filter((url) => (ejectedUntil.get(url) ?? 0) <= now);
  const pool = healthy.length > 0 ? healthy : candidates;
  const url = pool[counter % pool.length] as string;
  return { url, counter: counter + 1 };
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
