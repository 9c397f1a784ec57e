import { randomUUID } from 'node:crypto';
import { getPrincipal, withIdempotency } from '@erp/kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AiDb } from '../db/schema.js';
import { estimatePromptTokens } from '../domain/token-estimate.js';
import { ProvidersCoolingDownError } from '../errors.js';
import type { ChatRequestOptions } from '../gateway/chat.js';
import type { GatewayDeps } from '../gateway/gateway-deps.js';
import { type NativeChatRequest, toNativeOptions } from '../gateway/native-chat.js';
import { prepareCall } from '../gateway/prepare.js';
import { batchCaller } from './batch-call.js';
import { enqueueBatchJob } from './job-delivery.js';
import { batchJobRowToView } from './job-view.js';

// A job that could never run is refused now (unknown or incapable model, nothing capable), not accepted and
// failed later; paused breakers are no reason to refuse work that waits anyway.
async function checkRoutable(gateway: GatewayDeps, tenantId: string, body: NativeChatRequest, options: ChatRequestOptions): Promise<void> {
  const caller = batchCaller({ tenantId, requestId: 'check', body }, new AbortController().signal);
  const json = options.responseFormat?.type === 'json';
  const tools = (options.tools?.length ?? 0) > 0 && options.toolChoice?.type !== 'none';
  const inputTokens = estimatePromptTokens(options.messages);
  try {
    await prepareCall(gateway, caller, (policy) => ({
      operation: 'chat',
      tools,
      json,
      inputTokens,
      outputTokens: options.maxOutputTokens ?? policy.maxOutputTokens,
    }));
  } catch (error) {
    if ((error as { code?: unknown }).code !== ProvidersCoolingDownError.code) throw error;
  }
}

/**
 * Accepts a chat request of the batch class: 202 with the job (and `Location`), stored with its delivery in
 * one transaction; honours `Idempotency-Key`. The answer is fetched later with `GET /jobs/:id`.
 */
export async function acceptBatchJob(
  deps: { db: Kysely<AiDb>; gateway: GatewayDeps },
  request: FastifyRequest,
  reply: FastifyReply,
  body: NativeChatRequest,
): Promise<FastifyReply> {
  const { tenantId } = getPrincipal(request);
  await checkRoutable(deps.gateway, tenantId, body, toNativeOptions(body));
  return withIdempotency(deps.db, request, reply, { tenantId }, async (trx) => {
    const id = randomUUID();
    const job = { tenantId, id, task: body.task ?? 'chat', request: body, requestId: String(request.id), now: new Date() };
    const row = await enqueueBatchJob(trx, job);
    return { status: 202, body: batchJobRowToView(row), headers: { location: `/api/v1/ai/jobs/${id}` } };
  });
}
