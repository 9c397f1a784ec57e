import type { FastifyInstance } from 'fastify';
import { Histogram, Registry } from 'prom-client';
import type { BatchOutcome } from './posting-batcher.js';

/**
 * `finance_posting_batch_entries`: how many drafts each posting transaction of the batcher carried, by outcome
 * (`posted`, or `split` when the batch failed and its drafts were posted one by one). In a registry of its own per
 * app, appended to the kit's `GET /metrics`. Returns the batcher's `onBatch` callback.
 */
export function installPostingMetrics(app: FastifyInstance): (size: number, outcome: BatchOutcome) => void {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'finance' });
  const batches = new Histogram({
    name: 'finance_posting_batch_entries',
    help: 'Drafts posted per transaction by the posting batcher, by outcome (posted, split)',
    labelNames: ['outcome'],
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.routeOptions.url !== '/metrics' || typeof payload !== 'string') return payload;
    return `${payload}${payload.endsWith('\n') ? '' : '\n'}${await registry.metrics()}`;
  });
  return (size, outcome) => batches.observe({ outcome }, size);
}
