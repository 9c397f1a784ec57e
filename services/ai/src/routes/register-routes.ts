import type { ServiceApp, TokenVerifier } from '@erp/kit';
import type { AssistantDeps } from '../assistant/run-turn.js';
import type { ApiKeyExchange } from '../auth/api-key-exchange.js';
import type { IntelligenceContext } from '../intelligence/intelligence-context.js';
import { assistantRoutes } from './assistant.js';
import { chatRoutes } from './chat.js';
import type { RouteContext } from './context.js';
import { deploymentRoutes } from './deployments.js';
import { financeAnomalyRoutes } from './finance-anomalies.js';
import { financeForecastRoutes } from './finance-forecasts.js';
import { financeSuggestionRoutes } from './finance-suggestions.js';
import { jobRoutes } from './jobs.js';
import { openAiApi } from './openai/openai-api.js';
import { providerRoutes } from './providers.js';
import { quotaRoutes } from './quotas.js';
import { taskPolicyRoutes } from './task-policies.js';
import { usageRoutes } from './usage.js';

/** Registers the native API under `/api/v1/ai`, the finance intelligence under `/api/v1/finance/llm` and the OpenAI-compatible API under `/v1`. */
export async function registerRoutes(
  app: ServiceApp,
  options: { context: RouteContext; verifier: TokenVerifier; apiKeys: ApiKeyExchange; intelligence: IntelligenceContext; assistant: AssistantDeps },
): Promise<void> {
  const { context, intelligence, verifier, apiKeys, assistant } = options;
  for (const routes of [chatRoutes, jobRoutes, providerRoutes, taskPolicyRoutes, quotaRoutes, usageRoutes, deploymentRoutes]) {
    await app.register(routes, { prefix: '/api/v1/ai', context });
  }
  await app.register(assistantRoutes, { prefix: '/api/v1/ai', context, assistant });
  for (const routes of [financeSuggestionRoutes, financeAnomalyRoutes, financeForecastRoutes]) {
    await app.register(routes, { prefix: '/api/v1/finance/llm', intelligence });
  }
  await app.register(openAiApi, { prefix: '/v1', context, verifier, apiKeys });
}
