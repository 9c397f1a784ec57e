import type { HealthCheck } from '@erp/contracts';
import type { HealthCheckDefinition } from '@erp/kit';

interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Where and how the observer writes to InfluxDB (v2 HTTP API). */
export interface InfluxSettings {
  /** Base URL of InfluxDB, e.g. `http://influx:8086`; a path (behind a proxy) is kept. */
  readonly url: string;
  /** Sent as `org=` when given. */
  readonly org: string | undefined;
  readonly bucket: string;
  /** Sent as `Authorization: Token …` when given. */
  readonly token: string | undefined;
  /** Per write request, body included. */
  readonly timeoutMs: number;
}

export interface InfluxWriterOptions extends InfluxSettings {
  readonly logger: Logger;
  /** Lines kept while InfluxDB does not take them; beyond this the oldest are dropped. */
  readonly maxPendingLines?: number;
  /** Lines per request (InfluxDB suggests batches of about 5000). */
  readonly maxLinesPerWrite?: number;
}

export interface InfluxWriterStats {
  readonly writes: number;
  readonly linesWritten: number;
  readonly failedWrites: number;
  readonly droppedLines: number;
  readonly pendingLines: number;
  /** True from a failed write until the next successful one. */
  readonly failing: boolean;
  readonly lastError: string | null;
}

/** Writes line protocol to InfluxDB in the background, one request at a time; see {@link createInfluxWriter}. */
export interface InfluxWriter {
  /** Queues the lines of one poll and starts a write unless one is under way. Returns at once and never throws. */
  write(lines: readonly string[]): void;
  stats(): InfluxWriterStats;
  /** The `influx` check of the observer's `/health`: `warn` while writes fail (never `fail`: the observer still works). */
  readonly healthCheck: HealthCheckDefinition;
  /** Waits for the write under way, then sends what is still pending once (unless writes are failing), and stops. */
  close(): Promise<void>;
}

const DEFAULT_MAX_PENDING_LINES = 20_000;
const DEFAULT_MAX_LINES_PER_WRITE = 5_000;
// An error answer is read only this far, for the log line.
const MAX_ERROR_BODY_BYTES = 2048;

/** `POST` target of the v2 write API: `<url>/api/v2/write?org=&bucket=&precision=ms`. */
export function influxWriteUrl(settings: Pick<InfluxSettings, 'url' | 'org' | 'bucket'>): string {
  const url = new URL(settings.url);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/v2/write`;
  url.search = '';
  if (settings.org) url.searchParams.set('org', settings.org);
  url.searchParams.set('bucket', settings.bucket);
  url.searchParams.set('precision', 'ms');
  return url.toString();
}

/**
 * A background writer to InfluxDB's v2 write API. `write()` only queues: a poll never waits for InfluxDB. At
 * most one request is under way, bounded by `timeoutMs`; lines that arrive meanwhile go into the next request.
 * A write that fails for a reason that may pass (no connection, timeout, 429, 5xx) keeps its lines for the
 * next attempt, made when the next poll writes; writing a point twice is harmless (same series and time
 * overwrite). Other refusals (400 bad line, 401 token, 404 bucket) drop the batch: sending it again would be
 * refused again. The queue is bounded, oldest lines dropped first. The first failure is logged at warn, the
 * recovery at info, nothing in between: failures are counted instead ({@link InfluxWriter.stats}, `/health`).
 */
export function createInfluxWriter(options: InfluxWriterOptions): InfluxWriter {
  const endpoint = influxWriteUrl(options);
  const maxPending = options.maxPendingLines ?? DEFAULT_MAX_PENDING_LINES;
  const maxPerWrite = options.maxLinesPerWrite ?? DEFAULT_MAX_LINES_PER_WRITE;
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', accept: 'application/json' };
  if (options.token) headers.authorization = `Token ${options.token}`;
  const { logger } = options;
  let pending: string[] = [];
  let inFlight: Promise<void> | undefined;
  let closed = false;
  let failing = false;
  let failuresInRow = 0;
  let lastError: string | null = null;
  let lastWriteMs: number | null = null;
  const counts = { writes: 0, linesWritten: 0, failedWrites: 0, droppedLines: 0 };

  const keepAtMost = (limit: number) => {
    if (pending.length <= limit) return;
    counts.droppedLines += pending.length - limit;
    pending = pending.slice(pending.length - limit);
  };

  const succeeded = (batch: readonly string[]) => {
    counts.writes += 1;
    counts.linesWritten += batch.length;
    if (failing) {
      logger.info({ influx_url: endpoint, failed_writes: failuresInRow, dropped_lines: counts.droppedLines }, 'InfluxDB writes recovered');
    }
    failing = false;
    failuresInRow = 0;
  };

  const failed = (batch: readonly string[], reason: string, retry: boolean) => {
    counts.failedWrites += 1;
    failuresInRow += 1;
    lastError = reason;
    if (retry) {
      pending = [...batch, ...pending];
      keepAtMost(maxPending);
    } else {
      counts.droppedLines += batch.length;
    }
    if (!failing) {
      logger.warn(
        { influx_url: endpoint, reason, lines: batch.length, kept_for_retry: retry },
        'InfluxDB write failed; polling goes on, failures are counted and logged again only when writes recover',
      );
    }
    failing = true;
  };

  const send = async (batch: readonly string[]) => {
    const started = performance.now();
    try {
      const response = await fetch(endpoint, { method: 'POST', headers, body: batch.join('\n'), signal: AbortSignal.timeout(options.timeoutMs) });
      if (response.ok) {
        await response.body?.cancel().catch(() => {});
        succeeded(batch);
      } else {
        const detail = await readSnippet(response);
        failed(batch, `HTTP ${response.status}${detail ? `: ${detail}` : ''}`, response.status === 429 || response.status >= 500);
      }
    } catch (error) {
      failed(batch, describe(error, options.timeoutMs), true);
    } finally {
      lastWriteMs = performance.now() - started;
    }
  };

  const flush = () => {
    if (inFlight || pending.length === 0) return;
    const batch = pending.slice(0, maxPerWrite);
    pending = pending.slice(batch.length);
    inFlight = send(batch).finally(() => {
      inFlight = undefined;
      // A backlog left after a good write goes on at once; after a failure the next poll's write retries.
      if (!closed && !failing) flush();
    });
  };

  return {
    write(lines) {
      if (closed || lines.length === 0) return;
      for (const line of lines) pending.push(line);
      keepAtMost(maxPending);
      flush();
    },
    stats: () => ({ ...counts, pendingLines: pending.length, failing, lastError }),
    healthCheck: {
      critical: false,
      run: async (): Promise<HealthCheck> => {
        const detail = `${counts.linesWritten} lines in ${counts.writes} writes, ${counts.failedWrites} failed writes, ${counts.droppedLines} lines dropped, ${pending.length} pending${failing && lastError ? `; failing: ${lastError}` : ''}`;
        return {
          status: failing ? 'warn' : 'pass',
          ...(lastWriteMs === null ? {} : { latency_ms: Math.round(lastWriteMs * 1000) / 1000 }),
          detail: detail.slice(0, 500),
        };
      },
    },
    async close() {
      closed = true;
      await inFlight;
      if (failing || pending.length === 0) return;
      flush();
      await inFlight;
    },
  };
}

/** The start of an error answer, on one line, for the log. */
async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut off or timed out: what arrived is enough for the log.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, 200).replace(/\s+/g, ' ').trim();
}

/** A fetch failure as one short reason: `timed out after 2000 ms`, `ECONNREFUSED`. */
function describe(reason: unknown, timeoutMs: number): string {
  const error = reason as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  return error.cause?.code ?? error.cause?.message ?? error.message ?? String(reason);
}
