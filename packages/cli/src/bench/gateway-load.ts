import autocannon from 'autocannon';
import { type LoadResult, percentile } from './load.js';

/** One load run against a route that needs an access token. */
export interface AuthorizedLoadOptions {
  url: string;
  token: string;
  durationS: number;
  connections: number;
  /** Fixed request rate per second; without it, as fast as the server answers. */
  rate?: number;
}

/**
 * Drives HTTP load at `url` with `Authorization: Bearer <token>` on every request and measures each response
 * time exactly, like `runLoad`; any answer other than 2xx counts as a failure, so a refused token or a 429
 * of the rate limiter cannot pass as throughput.
 */
export function runAuthorizedLoad(options: AuthorizedLoadOptions): Promise<LoadResult> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationS,
        headers: { authorization: `Bearer ${options.token}` },
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
