import type { BatchJobRow } from '../db/batch-jobs.js';
import type { NativeChatResponse } from '../gateway/native-chat.js';

/** The problem document a failed job keeps (see the worker's `toProblem`). */
export interface JobProblem {
  readonly code?: string | undefined;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
}

/** A batch job as `GET /jobs/:id` shows it: the answer once it succeeded, the problem document once it failed. */
export function batchJobRowToView(row: BatchJobRow) {
  return {
    id: row.id,
    status: row.status,
    task: row.task,
    created_at: row.created_at.toISOString(),
    started_at: row.started_at?.toISOString() ?? null,
    finished_at: row.finished_at?.toISOString() ?? null,
    attempts: row.attempts,
    // Written only by the worker, from toNativeAnswer and toProblem.
    ...(row.result ? { result: row.result as unknown as NativeChatResponse } : {}),
    ...(row.error ? { error: row.error as unknown as JobProblem } : {}),
  };
}
