import type { ServiceApp, TokenVerifier } from '@erp/kit';
import type { FastifyError } from 'fastify';
import type { ApiKeyExchange } from '../../auth/api-key-exchange.js';
import type { RouteContext } from '../context.js';
import { chatCompletionRoutes } from './chat-completions.js';
import { embeddingRoutes } from './embeddings.js';
import { modelRoutes } from './models.js';
import { openAiAuthentication } from './openai-auth.js';
import { sendOpenAiError } from './openai-errors.js';

export interface OpenAiApiOptions {
  context: RouteContext;
  verifier: TokenVerifier;
  apiKeys: ApiKeyExchange;
}

/**
 * The OpenAI-compatible API under `/v1`, so that existing tools and OpenAI client libraries can use the
 * gateway. Exception to the problem documents: every refusal here is OpenAI's `{ error: { message, type,
 * param, code } }`, because those clients parse exactly that; `code` carries this service's error code.
 */
export async function openAiApi(app: ServiceApp, { context, verifier, apiKeys }: OpenAiApiOptions): Promise<void> {
  app.addHook('onRequest', openAiAuthentication(verifier, apiKeys));
  app.setErrorHandler((error: FastifyError, _request, reply) => sendOpenAiError(reply, error));
  app.setNotFoundHandler((request, reply) => {
    const error = Object.assign(new Error(`Unknown endpoint ${request.method} ${request.url.split('?')[0]}.`), { statusCode: 404, code: 'FST_ERR_NOT_FOUND' });
    return sendOpenAiError(reply, error as FastifyError);
  });
  for (const routes of [chatCompletionRoutes, embeddingRoutes, modelRoutes]) await app.register(routes, { context });
}
