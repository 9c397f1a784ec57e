import { getPrincipal, type ServiceApp, withTenant } from '@erp/kit';
import { batchJobRowToView } from '../batch/job-view.js';
import { findBatchJob } from '../db/batch-jobs.js';
import { JobNotFoundError } from '../errors.js';
import type { RouteOptions } from './context.js';
import { BatchJobView, JobParams } from './job-schemas.js';

/** `GET /jobs/:id`: a batch job of the caller's tenant (`POST /chat` with priority batch answers 202 with its id). */
export async function jobRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get('/jobs/:id', { config: { permission: 'ai.assistant:use' }, schema: { params: JobParams, response: { 200: BatchJobView } } }, async (request) => {
    const { tenantId } = getPrincipal(request);
    const row = await withTenant(context.db, tenantId, (trx) => findBatchJob(trx, tenantId, request.params.id));
    if (!row) throw new JobNotFoundError(request.params.id);
    return batchJobRowToView(row);
  });
}
