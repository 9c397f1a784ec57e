import type { ServiceApp } from '@erp/kit';
import { RequestUnsupportedError } from '../../errors.js';
import { embed } from '../../gateway/embeddings.js';
import type { RouteOptions } from '../context.js';
import { EmbeddingBody } from './openai-schemas.js';
import { openAiCaller } from './request-mapping.js';

/** A vector as OpenAI's `base64` encoding has it: little-endian 32-bit floats. */
function toBase64(vector: readonly number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/** `POST /v1/embeddings`: OpenAI's Embeddings API over the gateway, `float` or `base64` encoded. */
export async function embeddingRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.post('/embeddings', { schema: { body: EmbeddingBody } }, async (request, reply) => {
    const body = request.body;
    if (body.dimensions !== undefined) throw new RequestUnsupportedError('dimensions is not supported; each model answers with its own size.');
    const values = typeof body.input === 'string' ? [body.input] : body.input;
    if (values.some((value) => value.length === 0)) throw new RequestUnsupportedError('input must not contain empty strings.');
    const answer = await embed(context.gateway, openAiCaller(request, reply, body.model, 'embeddings'), values);
    const base64 = body.encoding_format === 'base64';
    reply
      .header('x-erp-model', answer.deployment.name)
      .header('x-erp-cache', answer.cached ? 'hit' : 'miss')
      .header('x-erp-cost-eur', answer.costEur);
    const tokens = answer.result.usage.inputTokens;
    return {
      object: 'list',
      data: answer.result.embeddings.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? toBase64(vector) : vector })),
      model: answer.deployment.name,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
  });
}
