import type { Deployment } from '../../src/domain/deployment.js';

/** A remote chat deployment for routing tests; override what matters. */
export function deployment(name: string, overrides: Partial<Deployment> = {}): Deployment {
  const [providerName = 'p', modelId = 'm'] = name.split('/');
  return {
    key: `global/${name}`,
    name,
    providerName,
    providerKey: `global/${providerName}`,
    modelId,
    local: false,
    capabilities: { chat: true, embeddings: false, tools: true, json: true, streaming: true, contextTokens: 128_000 },
    price: { inputEurPerMillion: '1', outputEurPerMillion: '2' },
    maxConcurrency: 4,
    timeoutMs: 1000,
    ...overrides,
  };
}

export const LOCAL = deployment('local/extractive', {
  key: 'builtin/local/extractive',
  local: true,
  price: { inputEurPerMillion: '0', outputEurPerMillion: '0' },
  capabilities: { chat: true, embeddings: false, tools: false, json: true, streaming: true, contextTokens: 10_000_000 },
});
