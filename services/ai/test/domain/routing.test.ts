import { describe, expect, it } from 'vitest';
import { type DeploymentStatus, planRoute, type RouteNeeds, type RoutePolicy } from '../../src/domain/routing.js';
import { DEFAULT_TASK_POLICY } from '../../src/domain/task-policy.js';
import { deployment, LOCAL } from './deployments.js';

const needs = (overrides: Partial<RouteNeeds> = {}): RouteNeeds => ({
  operation: 'chat',
  tools: false,
  json: false,
  inputTokens: 1000,
  outputTokens: 500,
  ...overrides,
});
const policy = (overrides: Partial<RoutePolicy> = {}): RoutePolicy => ({ ...DEFAULT_TASK_POLICY, ...overrides });
const healthy = (): DeploymentStatus => ({ admits: true });

const cheap = deployment('a/cheap', { price: { inputEurPerMillion: '0.15', outputEurPerMillion: '0.6' } });
const dear = deployment('b/dear', { price: { inputEurPerMillion: '2.5', outputEurPerMillion: '10' } });
// Cheap on input, dear on output: which is cheaper depends on the request.
const skewed = deployment('c/skewed', { price: { inputEurPerMillion: '0.01', outputEurPerMillion: '20' } });

function names(plan: ReturnType<typeof planRoute>): string[] {
  if (!plan.ok) throw new Error(`no route: ${plan.reason}`);
  return plan.candidates.map((candidate) => candidate.name);
}

describe('planRoute', () => {
  it('should order capable deployments by the estimated cost of this request for cheapest', () => {
    expect(names(planRoute([dear, skewed, cheap, LOCAL], needs(), policy(), healthy))).toEqual(['a/cheap', 'b/dear', 'c/skewed']);
    expect(names(planRoute([dear, skewed, cheap], needs({ inputTokens: 100_000, outputTokens: 1 }), policy(), healthy))).toEqual([
      'c/skewed',
      'a/cheap',
      'b/dear',
    ]);
  });

  it('should order by observed latency for fastest, trying an unmeasured deployment first', () => {
    const latency: Record<string, number> = { 'a/cheap': 900, 'b/dear': 200 };
    const status = (candidate: { name: string }) => ({ admits: true, latencyMs: latency[candidate.name] });

    expect(names(planRoute([cheap, dear, skewed], needs(), policy({ strategy: 'fastest' }), status))).toEqual(['c/skewed', 'b/dear', 'a/cheap']);
  });

  it('should put the pinned deployment first and fall back to the cheapest others', () => {
    expect(names(planRoute([cheap, dear, skewed], needs(), policy({ strategy: 'pinned', model: 'b/dear' }), healthy))).toEqual([
      'b/dear',
      'a/cheap',
      'c/skewed',
    ]);
  });

  it('should try only the pinned deployment when fallback is off', () => {
    expect(names(planRoute([cheap, dear], needs(), policy({ strategy: 'pinned', model: 'b/dear', fallback: false }), healthy))).toEqual(['b/dear']);
  });

  it('should refuse a pinned model that does not exist or cannot serve the request', () => {
    const embeddingsOnly = deployment('e/embed', { capabilities: { ...cheap.capabilities, chat: false, embeddings: true } });

    expect(planRoute([cheap], needs(), policy({ strategy: 'pinned', model: 'x/none' }), healthy)).toEqual({ ok: false, reason: 'unknown-model' });
    expect(planRoute([embeddingsOnly], needs(), policy({ strategy: 'pinned', model: 'e/embed' }), healthy)).toEqual({ ok: false, reason: 'incapable-model' });
  });

  it('should use only the built-in engine for local-only', () => {
    expect(names(planRoute([cheap, LOCAL], needs(), policy({ strategy: 'local-only' }), healthy))).toEqual(['local/extractive']);
  });

  it('should fall back to the built-in engine when no remote deployment is configured', () => {
    expect(names(planRoute([LOCAL], needs(), policy(), healthy))).toEqual(['local/extractive']);
  });

  it('should end the chain with the built-in engine only when the policy says so', () => {
    expect(names(planRoute([cheap, LOCAL], needs(), policy(), healthy))).toEqual(['a/cheap']);
    expect(names(planRoute([cheap, LOCAL], needs(), policy({ fallbackToLocal: true }), healthy))).toEqual(['a/cheap', 'local/extractive']);
  });

  it('should leave out deployments that lack tools, JSON or a long enough context', () => {
    const noTools = deployment('d/no-tools', { capabilities: { ...cheap.capabilities, tools: false } });
    const short = deployment('s/short', { capabilities: { ...cheap.capabilities, contextTokens: 1000 } });

    expect(names(planRoute([noTools, short, dear], needs({ tools: true }), policy(), healthy))).toEqual(['b/dear']);
    expect(planRoute([noTools, LOCAL], needs({ tools: true }), policy(), healthy)).toEqual({ ok: false, reason: 'no-capable-deployment' });
  });

  it('should skip deployments whose breaker is open and say when the first reopens if all are', () => {
    const open = (retryAtMs: number) => ({ admits: false, retryAtMs });

    expect(names(planRoute([cheap, dear], needs(), policy(), (candidate) => (candidate === cheap ? open(5000) : healthy())))).toEqual(['b/dear']);
    expect(planRoute([cheap, dear], needs(), policy(), (candidate) => open(candidate === cheap ? 5000 : 3000))).toEqual({
      ok: false,
      reason: 'cooling-down',
      retryAtMs: 3000,
    });
  });

  it('should cut the chain at maxAttempts, or at one deployment without fallback', () => {
    expect(names(planRoute([cheap, dear, skewed], needs(), policy({ maxAttempts: 2 }), healthy))).toHaveLength(2);
    expect(names(planRoute([cheap, dear, skewed], needs(), policy({ fallback: false }), healthy))).toEqual(['a/cheap']);
  });

  it('should route embeddings only to embedding models', () => {
    const embedder = deployment('e/embed', { capabilities: { ...cheap.capabilities, chat: false, embeddings: true } });

    expect(names(planRoute([cheap, embedder], needs({ operation: 'embeddings', outputTokens: 0 }), policy(), healthy))).toEqual(['e/embed']);
  });
});
