import type { ServiceApp, TokenVerifier } from '@erp/kit';
import type { ApiKeyExchange } from '../auth/api-key-exchange.js';
import { chatRoutes } from './chat.js';
import type { RouteContext } from './context.js';
import { deploymentRoutes } from './deployments.js';
import { openAiApi } from './openai/openai-api.js';
import { providerRoutes } from './providers.js';
import { quotaRoutes } from './quotas.js';
import { taskPolicyRoutes } from './task-policies.js';
import { usageRoutes } from './usage.js';

/** Registers the native API under `/api/v1/ai` and the OpenAI-compatible one under `/v1`. */
export async function registerRoutes(app: ServiceApp, options: { context: RouteContext; verifier: TokenVerifier; apiKeys: ApiKeyExchange }): Promise<void> {
  const { context } = options;
  for (const routes of [chatRoutes, providerRoutes, taskPolicyRoutes, quotaRoutes, usageRoutes, deploymentRoutes]) {
    await app.register(routes, { prefix: '/api/v1/ai', context });
  }
  await app.register(openAiApi, { prefix: '/v1', ...options });
}
