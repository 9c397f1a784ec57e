import { withTenant } from '@erp/kit';
import type { Kysely } from 'kysely';
import type { AiDb } from '../db/schema.js';
import { insertUsageRecords, type UsageRecordInput } from '../db/usage-records.js';

export interface UsageWriter {
  record(row: UsageRecordInput): void;
  /** Writes everything recorded so far; resolves when it is stored. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface UsageWriterOptions {
  db: Kysely<AiDb>;
  flushIntervalMs: number;
  /** Rows that trigger a write before the interval is up. */
  batchSize?: number;
  onError: (error: unknown) => void;
}

/**
 * Buffers usage rows and writes them in batches (one transaction per tenant, for row-level security), so that a
 * call does not wait for an insert. Rows that fail to write are kept for the next flush, up to a bound, so a
 * database hiccup loses nothing; `close` writes what is left.
 */
export function createUsageWriter(options: UsageWriterOptions): UsageWriter {
  const batchSize = options.batchSize ?? 200;
  const bufferMax = batchSize * 100;
  let buffer: UsageRecordInput[] = [];
  let writing: Promise<void> = Promise.resolve();

  const write = async (rows: UsageRecordInput[]) => {
    const byTenant = new Map<string, UsageRecordInput[]>();
    for (const row of rows) {
      const tenantRows = byTenant.get(row.tenant_id);
      if (tenantRows) tenantRows.push(row);
      else byTenant.set(row.tenant_id, [row]);
    }
    for (const [tenantId, tenantRows] of byTenant) {
      try {
        await withTenant(options.db, tenantId, (trx) => insertUsageRecords(trx, tenantRows));
      } catch (error) {
        options.onError(error);
        buffer = [...tenantRows, ...buffer].slice(0, bufferMax);
      }
    }
  };
  const flush = () => {
    const rows = buffer;
    buffer = [];
    writing = writing.then(() => (rows.length > 0 ? write(rows) : undefined));
    return writing;
  };
  const timer = setInterval(() => void flush(), options.flushIntervalMs);
  timer.unref();
  return {
    record(row) {
      buffer.push(row);
      if (buffer.length >= batchSize) void flush();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
