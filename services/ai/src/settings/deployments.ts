import type { Deployment } from '../domain/deployment.js';
import { LOCAL_CHAT_MODEL_ID } from '../providers/local/local-chat-model.js';
import { LOCAL_EMBEDDING_MODEL_ID } from '../providers/local/local-embedding-model.js';
import { createLocalProvider } from '../providers/local/local-provider.js';
import type { ProviderV1 } from '../providers/spec/provider-v1.js';
import type { ProviderSettings } from './provider-settings.js';

/** A deployment with the provider adapter that calls it. */
export interface ResolvedDeployment {
  readonly deployment: Deployment;
  readonly provider: ProviderV1;
}

/** The deployments of one configured provider; `scope` is `global` or `tenant/<id>` and keeps keys unique. */
export function providerDeployments(scope: string, settings: ProviderSettings, provider: ProviderV1): ResolvedDeployment[] {
  const providerKey = `${scope}/${settings.name}`;
  return settings.models.map((model) => ({
    provider,
    deployment: {
      key: `${providerKey}/${model.id}`,
      name: `${settings.name}/${model.id}`,
      providerName: settings.name,
      providerKey,
      modelId: model.id,
      local: false,
      capabilities: model.capabilities,
      price: model.price,
      maxConcurrency: settings.maxConcurrency,
      timeoutMs: settings.timeoutMs,
    },
  }));
}

const FREE = { inputEurPerMillion: '0', outputEurPerMillion: '0' };
// The engine runs in this process and is fast; the limit keeps a burst of it from starving the event loop.
const LOCAL_CONCURRENCY = 16;
const LOCAL_TIMEOUT_MS = 10_000;

/** The built-in engine's two deployments, `local/extractive` and `local/hashing-256`, present for every tenant. */
export function builtinDeployments(): ResolvedDeployment[] {
  const provider = createLocalProvider();
  const base = {
    providerName: 'local',
    providerKey: 'builtin/local',
    local: true,
    price: FREE,
    maxConcurrency: LOCAL_CONCURRENCY,
    timeoutMs: LOCAL_TIMEOUT_MS,
  };
  const unlimited = 10_000_000;
  return [
    {
      provider,
      deployment: {
        ...base,
        key: `builtin/local/${LOCAL_CHAT_MODEL_ID}`,
        name: `local/${LOCAL_CHAT_MODEL_ID}`,
        modelId: LOCAL_CHAT_MODEL_ID,
        capabilities: { chat: true, embeddings: false, tools: false, json: true, streaming: true, contextTokens: unlimited },
      },
    },
    {
      provider,
      deployment: {
        ...base,
        key: `builtin/local/${LOCAL_EMBEDDING_MODEL_ID}`,
        name: `local/${LOCAL_EMBEDDING_MODEL_ID}`,
        modelId: LOCAL_EMBEDDING_MODEL_ID,
        capabilities: { chat: false, embeddings: true, tools: false, json: false, streaming: false, contextTokens: unlimited },
      },
    },
  ];
}
