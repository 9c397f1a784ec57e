/// <reference path="./autocannon.d.ts" />
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { dueCount } from './pacing.js';

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

export interface PacedLoadOptions {
  url: string;
  durationS: number;
  /** Requests per second, started evenly: one every 1000 / rate ms. */
  rate: number;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: string;
  /** Requests in flight at most; a request due beyond it is not sent and counts as a failure. Default 100. */
  maxInFlight?: number;
}

/**
 * Offers `rate` requests per second, evenly spaced and open loop (a slow answer never delays the next request),
 * and measures each response time from sending to the last byte. For latency at a given rate this is the load to
 * use: autocannon's fixed rate is a budget per connection and second, so each connection sends its share back to
 * back at the start of every second, and a percentile then measures the queue of that burst instead of the
 * server's time per request.
 */
export async function runPacedLoad(options: PacedLoadOptions): Promise<LoadResult> {
  const total = Math.floor(options.durationS * options.rate);
  const maxInFlight = options.maxInFlight ?? 100;
  const times: number[] = [];
  const pending = new Set<Promise<void>>();
  let started = 0;
  let failures = 0;
  const sendOne = () => {
    const at = performance.now();
    const request = fetch(options.url, { method: options.method ?? 'GET', headers: options.headers, body: options.body })
      .then(async (response) => {
        await response.arrayBuffer();
        if (response.status < 200 || response.status > 299) failures += 1;
        else times.push(performance.now() - at);
      })
      .catch(() => {
        failures += 1;
      })
      .finally(() => pending.delete(request));
    pending.add(request);
  };
  const begin = performance.now();
  while (started < total) {
    const due = dueCount(performance.now() - begin, options.rate, total);
    for (; started < due; started += 1) {
      if (pending.size >= maxInFlight) failures += 1;
      else sendOne();
    }
    await sleep(1);
  }
  await Promise.all(pending);
  const sorted = times.sort((a, b) => a - b);
  const elapsedS = (performance.now() - begin) / 1000;
  return {
    requestsPerSecond: sorted.length / elapsedS,
    latencyMsP50: percentile(sorted, 0.5),
    latencyMsP99: percentile(sorted, 0.99),
    requests: started,
    failures,
  };
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
