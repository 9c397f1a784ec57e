import http from 'node:http';
import https from 'node:https';
import { HealthDocument } from '@erp/contracts';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { parseExposition } from '../domain/exposition.js';
import { type HistogramSeries, histogramSeries } from '../domain/histogram.js';
import type { Target } from '../domain/targets.js';

/** What one poll of one instance brought back. */
export interface Scrape {
  readonly target: Target;
  readonly atMs: number;
  readonly durationMs: number;
  /** Whether `/health` answered with any HTTP response. */
  readonly reachable: boolean;
  /** Why the instance is unreachable or its health document unusable. */
  readonly error: string | null;
  readonly health: HealthDocument | null;
  /** The request-duration histogram; null when `/metrics` failed (see `metricsError`). */
  readonly histograms: Map<string, HistogramSeries> | null;
  readonly metricsError: string | null;
}

export interface ScrapeOptions {
  readonly timeoutMs: number;
  /** A response body larger than this is cut off and counts as a failure. */
  readonly maxBodyBytes: number;
  /** Aborts every request when the observer stops. */
  readonly signal: AbortSignal;
  readonly now: () => number;
}

const REQUEST_HISTOGRAM = 'http_request_duration_seconds';

/** Fetches `/health` and `/metrics` of one instance in parallel, each bounded by the timeout; never throws. */
export async function scrapeInstance(target: Target, options: ScrapeOptions): Promise<Scrape> {
  const atMs = options.now();
  const started = performance.now();
  const [health, metrics] = await Promise.allSettled([fetchText(`${target.url}/health`, options), fetchText(`${target.url}/metrics`, options)]);
  const base = { target, atMs, durationMs: performance.now() - started };
  const histograms = metrics.status === 'fulfilled' && metrics.value.ok ? readHistograms(metrics.value.text) : null;
  const metricsError = metrics.status === 'rejected' ? describe(metrics.reason, options.timeoutMs) : histograms instanceof Error ? histograms.message : null;
  const metricsPart = { histograms: histograms instanceof Error ? null : histograms, metricsError };
  if (health.status === 'rejected') return { ...base, ...metricsPart, reachable: false, error: describe(health.reason, options.timeoutMs), health: null };
  const document = readHealth(health.value.text);
  return {
    ...base,
    ...metricsPart,
    reachable: true,
    error: typeof document === 'string' ? document : null,
    health: typeof document === 'string' ? null : document,
  };
}

// Plain node:http with keep-alive instead of fetch: the observer makes sixteen requests a second to the same
// few hosts, and fetch's streams and per-request set-up were a large share of its CPU in the observer benchmark.
const AGENTS = { http: new http.Agent({ keepAlive: true, maxSockets: 4 }), https: new https.Agent({ keepAlive: true, maxSockets: 4 }) };

function fetchText(url: string, options: ScrapeOptions): Promise<{ ok: boolean; text: string }> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const secure = url.startsWith('https:');
    const request = (secure ? https : http).get(
      url,
      { agent: secure ? AGENTS.https : AGENTS.http, signal, headers: { accept: 'application/json, text/plain;q=0.9' } },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBodyBytes) request.destroy(new Error(`response larger than ${options.maxBodyBytes} bytes`));
          else chunks.push(chunk);
        });
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve({ ok: status >= 200 && status < 300, text: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', (error) => reject(signal.aborted ? signal.reason : error));
      },
    );
    // An abort by the timeout or by the observer stopping reports its reason (TimeoutError, AbortError).
    request.on('error', (error) => reject(signal.aborted ? signal.reason : error));
  });
}

const HEALTH_CHECK = Compile(HealthDocument);

function readHealth(text: string): HealthDocument | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'the health answer is not JSON';
  }
  // The compiled check answers a valid document (nearly every poll) fast; only a broken one pays for the errors.
  if (HEALTH_CHECK.Check(parsed)) return parsed;
  const [first] = Value.Errors(HealthDocument, parsed);
  return `the health document breaks the contract at ${first?.instancePath || '/'} (${first?.message ?? 'invalid'})`;
}

function readHistograms(text: string): Map<string, HistogramSeries> | Error {
  try {
    return histogramSeries(parseExposition(text).get(REQUEST_HISTOGRAM));
  } catch (error) {
    return error as Error;
  }
}

/** A fetch failure as one short reason: `timed out after 2000 ms`, `ECONNREFUSED 127.0.0.1:8006`. */
function describe(reason: unknown, timeoutMs: number): string {
  const error = reason as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  if (error.name === 'AbortError') return 'aborted';
  return error.cause?.message ?? error.cause?.code ?? error.message ?? String(reason);
}
