import { withTenant } from '@erp/kit';
import type { EntryDraft } from '../domain/entry.js';
import type { Actor, LedgerContext } from './context.js';
import { createPostedEntries } from './entries.js';
import type { EntryWithLines } from './journal.js';

/** How a batch ended: `posted` in one transaction, or `split` into single postings after the batch failed. */
export type BatchOutcome = 'posted' | 'split';

export interface PostingBatcherOptions {
  /** The most drafts one transaction posts. Default 64. */
  readonly maxBatch?: number;
  /** The most transactions of one tenant posting at the same time. Default 2: one prepares while the other holds the counter. */
  readonly concurrency?: number;
  /** Called after each batch with its size, for the metrics. */
  readonly onBatch?: (size: number, outcome: BatchOutcome) => void;
}

/** Posts clients' drafts, several of a tenant per transaction when they arrive together. */
export interface PostingBatcher {
  /** Posts `draft`; resolves with the posted entry, or rejects with its refusal exactly as a posting on its own would. */
  post(actor: Actor, draft: EntryDraft): Promise<EntryWithLines>;
  /** Resolves when no batch is running or waiting any more. */
  drained(): Promise<void>;
}

interface Waiting {
  readonly actor: Actor;
  readonly draft: EntryDraft;
  resolve(entry: EntryWithLines): void;
  reject(error: unknown): void;
}

/**
 * Group commit for postings. The postings of a tenant's fiscal year are serialised by the year's counter row,
 * locked from the moment the numbers are taken until the commit, so one posting per transaction caps a tenant at
 * one commit round trip per entry. The batcher gathers the drafts of a tenant that arrive while its
 * transactions are busy and posts them together: one chart lookup, one insert per table, one numbering call and
 * one commit for the whole batch. Nothing waits for a timer: a draft arriving at an idle tenant starts its own
 * transaction at once, so a lone posting is as fast as before, and batches grow only with the load.
 *
 * A draft the chart or the periods refuse is refused alone while the others post. When the batch's transaction
 * fails as a whole (e.g. a period closed between the check and the posting), every draft of it is posted again
 * on its own, so each gets exactly the answer a single posting would have had.
 */
export function createPostingBatcher(context: LedgerContext, options: PostingBatcherOptions = {}): PostingBatcher {
  const maxBatch = options.maxBatch ?? 64;
  const concurrency = options.concurrency ?? 2;
  const queues = new Map<string, Waiting[]>();
  const running = new Map<string, number>();
  let idle: { promise: Promise<void>; resolve: () => void } | undefined;

  async function postTogether(tenantId: string, batch: readonly Waiting[]): Promise<void> {
    const results = await withTenant(context.db, tenantId, (trx) => createPostedEntries(trx, context, tenantId, batch));
    batch.forEach((waiting, index) => {
      const result = results[index];
      if (result === undefined || result instanceof Error) waiting.reject(result ?? new Error('The posting gave no result'));
      else waiting.resolve(result);
    });
  }

  async function run(tenantId: string, batch: readonly Waiting[]): Promise<void> {
    try {
      await postTogether(tenantId, batch);
      options.onBatch?.(batch.length, 'posted');
    } catch (error) {
      if (batch.length === 1) {
        (batch[0] as Waiting).reject(error);
        options.onBatch?.(1, 'posted');
        return;
      }
      options.onBatch?.(batch.length, 'split');
      for (const waiting of batch) {
        await postTogether(tenantId, [waiting]).catch((single: unknown) => waiting.reject(single));
      }
    }
  }

  function pump(tenantId: string): void {
    const queue = queues.get(tenantId) ?? [];
    while (queue.length > 0 && (running.get(tenantId) ?? 0) < concurrency) {
      const batch = queue.splice(0, maxBatch);
      running.set(tenantId, (running.get(tenantId) ?? 0) + 1);
      void run(tenantId, batch).finally(() => {
        const left = (running.get(tenantId) ?? 1) - 1;
        if (left === 0) running.delete(tenantId);
        else running.set(tenantId, left);
        pump(tenantId);
      });
    }
    if (queue.length === 0) queues.delete(tenantId);
    if (queues.size === 0 && running.size === 0 && idle) {
      idle.resolve();
      idle = undefined;
    }
  }

  return {
    post(actor, draft) {
      return new Promise<EntryWithLines>((resolve, reject) => {
        const queue = queues.get(actor.tenantId) ?? [];
        queues.set(actor.tenantId, queue);
        queue.push({ actor, draft, resolve, reject });
        pump(actor.tenantId);
      });
    },
    drained() {
      if (queues.size === 0 && running.size === 0) return Promise.resolve();
      if (!idle) {
        let resolve = () => {};
        const promise = new Promise<void>((done) => {
          resolve = done;
        });
        idle = { promise, resolve };
      }
      return idle.promise;
    },
  };
}
