import { describe, expect, it } from 'vitest';
import { parseGlobalConfig } from '../../src/settings/global-config.js';

const model = {
  id: 'gpt-4o-mini',
  capabilities: { chat: true, context_tokens: 128000 },
  price: { input_eur_per_million: '0.14', output_eur_per_million: '0.55' },
};

describe('parseGlobalConfig', () => {
  it('should read providers with defaults, keys from the environment, task policies, quotas and tenant weights', () => {
    const text = JSON.stringify({
      providers: { openai: { kind: 'openai', api_key_env: 'OPENAI_API_KEY', models: [model] } },
      tasks: { default: { strategy: 'cheapest' }, 'posting-suggestion': { strategy: 'pinned', model: 'openai/gpt-4o-mini', cache_ttl_s: 60 } },
      quotas: { requests_per_minute: 600, monthly_budget_eur: '250.50' },
      tenants: { '0b0c7c5e-2f0e-4c59-9d5e-7f1f3c6a1a01': { weight: 2, quotas: { tokens_per_minute: 1000 } } },
    });

    const settings = parseGlobalConfig(text, { OPENAI_API_KEY: 'sk-from-env' });

    expect(settings.providers).toEqual([
      {
        name: 'openai',
        kind: 'openai',
        baseUrl: undefined,
        apiKey: 'sk-from-env',
        timeoutMs: 30000,
        maxConcurrency: 8,
        models: [
          {
            id: 'gpt-4o-mini',
            capabilities: { chat: true, embeddings: false, tools: false, json: false, streaming: true, contextTokens: 128000 },
            price: { inputEurPerMillion: '0.14', outputEurPerMillion: '0.55' },
          },
        ],
      },
    ]);
    expect(settings.tasks.get('posting-suggestion')).toMatchObject({ strategy: 'pinned', model: 'openai/gpt-4o-mini', cacheTtlS: 60, fallback: true });
    expect(settings.quotas).toEqual({ requestsPerMinute: 600, tokensPerMinute: undefined, monthlyBudgetNanoEur: 250_500_000_000 });
    expect(settings.tenants.get('0b0c7c5e-2f0e-4c59-9d5e-7f1f3c6a1a01')).toEqual({
      weight: 2,
      quotas: { requestsPerMinute: undefined, tokensPerMinute: 1000, monthlyBudgetNanoEur: undefined },
    });
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['an unknown top-level field', '{"extra":1}', /AI configuration/],
    [
      'a key variable that is not set',
      JSON.stringify({ providers: { openai: { kind: 'openai', api_key_env: 'MISSING', models: [model] } } }),
      /MISSING, which is not set/,
    ],
    ['a vendor without a key', JSON.stringify({ providers: { openai: { kind: 'openai', models: [model] } } }), /needs api_key/],
    [
      'an openai-compatible server without base_url',
      JSON.stringify({ providers: { ollama: { kind: 'openai-compatible', models: [model] } } }),
      /needs base_url/,
    ],
    ['a reserved provider name', JSON.stringify({ providers: { local: { kind: 'openai', api_key: 'k', models: [model] } } }), /reserved/],
    ['a bad provider name', JSON.stringify({ providers: { 'Open AI': { kind: 'openai', api_key: 'k', models: [model] } } }), /not a valid name/],
    [
      'a price with a float exponent',
      JSON.stringify({
        providers: { o: { kind: 'openai', api_key: 'k', models: [{ ...model, price: { input_eur_per_million: '1e-3', output_eur_per_million: '1' } }] } },
      }),
      /input_eur_per_million/,
    ],
    ['a pinned task without a model', JSON.stringify({ tasks: { chat: { strategy: 'pinned' } } }), /pinned but names no model/],
    ['a tenant that is not a UUID', JSON.stringify({ tenants: { acme: { weight: 1 } } }), /not a valid name/],
  ])('should refuse %s with a line naming the problem', (_case, text, message) => {
    expect(() => parseGlobalConfig(text, {})).toThrow(message);
  });
});
