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

async function fetchText(url: string, options: ScrapeOptions): Promise<{ ok: boolean; text: string }> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  const response = await fetch(url, { signal, headers: { accept: 'application/json, text/plain;q=0.9' } });
  return { ok: response.ok, text: await readLimited(response, options.maxBodyBytes) };
}

async function readLimited(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => {});
      throw new Error(`response larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
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
