import autocannon from 'autocannon';

/** The figures of one load run. Latencies are exact per-response times, not histogram buckets. */
export interface LoadResult {
  requestsPerSecond: number;
  latencyMsP50: number;
  latencyMsP99: number;
  requests: number;
  failures: number;
}

export interface LoadOptions {
  url: string;
  durationS: number;
  connections: number;
  /** Fixed request rate per second; without it, as fast as the server answers. */
  rate?: number;
  /** Sent with every request, e.g. `authorization`. */
  headers?: Record<string, string>;
  /** GET unless given; with `body` for a POST benchmark. */
  method?: 'GET' | 'POST';
  body?: string;
}

/**
 * Drives HTTP load at `url` with autocannon and measures each response time. Only 2xx answers count as
 * throughput, so a refused token or a 429 of a rate limiter cannot pass as served requests.
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationS,
        ...(options.headers ? { headers: options.headers } : {}),
        ...(options.method ? { method: options.method } : {}),
        ...(options.body ? { body: options.body } : {}),
        ...(options.rate ? { overallRate: options.rate } : {}),
      },
      (error, result) => {
        if (error) return reject(error);
        const sorted = times.sort((a, b) => a - b);
        resolve({
          requestsPerSecond: (result.requests.total - result.non2xx) / result.duration,
          latencyMsP50: percentile(sorted, 0.5),
          latencyMsP99: percentile(sorted, 0.99),
          requests: result.requests.total,
          failures: result.errors + result.timeouts + result.non2xx,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => {
      times.push(responseTimeMs);
    });
  });
}

/** The value at quantile `q` of an ascending list (nearest rank). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] as number;
}

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}
