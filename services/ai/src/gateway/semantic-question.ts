import { createHash } from 'node:crypto';
import { guardTerms } from '../cache/guard-terms.js';
import { lexicalQueryText } from '../cache/query-text.js';
import type { SemanticQuestion } from '../cache/semantic-cache.js';
import { canonicalJson } from '../domain/canonical-request.js';
import { LOCAL_EMBEDDING_MODEL_ID } from '../providers/local/local-embedding-model.js';
import type { ChatCallOptionsV1 } from '../providers/spec/chat-model-v1.js';
import type { ResolvedDeployment } from '../settings/deployments.js';
import { embed } from './embeddings.js';
import type { CallerContext, GatewayDeps } from './gateway-deps.js';
import type { PreparedCall } from './prepare.js';

/** The embedding model of the semantic cache unless a task names another. */
export const DEFAULT_SEMANTIC_EMBEDDING_MODEL = `local/${LOCAL_EMBEDDING_MODEL_ID}`;
/** The task a remote embedding of the semantic cache is booked under in usage and quotas. */
export const SEMANTIC_EMBEDDING_TASK = 'semantic-cache';
/** Longer questions are documents, not questions: they are left to the exact cache. */
export const QUESTION_LENGTH_MAX = 2000;

type Options = Omit<ChatCallOptionsV1, 'abortSignal'>;

/** The question of a request: the text of its last message, if that is the user's and the request uses no tools. */
function questionOf(options: Options): string | undefined {
  const last = options.messages.at(-1);
  const tools = (options.tools?.length ?? 0) > 0 && options.toolChoice?.type !== 'none';
  const text = last?.role === 'user' ? last.content.trim() : '';
  return !tools && text.length > 0 && text.length <= QUESTION_LENGTH_MAX ? text : undefined;
}

// The built-in engine is called directly: it costs nothing and needs no slot, quota or usage record. A remote
// model goes through the gateway like any embeddings request, booked under the task `semantic-cache`.
async function vectorOf(deps: GatewayDeps, caller: CallerContext, resolved: ResolvedDeployment, question: string): Promise<readonly number[] | undefined> {
  const { deployment } = resolved;
  if (deployment.local) {
    const model = resolved.provider.embeddingModel(deployment.modelId);
    return (await model?.doEmbed({ values: [lexicalQueryText(question)] }))?.embeddings[0];
  }
  const embeddingCaller = { ...caller, task: SEMANTIC_EMBEDDING_TASK, routing: { model: deployment.name, fallback: false } };
  return (await embed(deps, embeddingCaller, [question])).result.embeddings[0];
}

/**
 * The request as a semantic-cache question, or `undefined` when it does not qualify (no user question last,
 * tools, a question longer than {@link QUESTION_LENGTH_MAX}, no embedding model). The scope holds everything
 * but the question exactly: tenant, task, route, prompt version, ledger generation, the earlier messages and
 * the call options, and the embedding model (vectors of different models do not compare). An embedding that
 * fails leaves the request to the exact cache and the providers; it never fails the request.
 */
export async function semanticQuestionOf(
  deps: GatewayDeps,
  caller: CallerContext,
  prepared: PreparedCall,
  options: Options,
  generation: string | undefined,
): Promise<SemanticQuestion | undefined> {
  const question = questionOf(options);
  const modelName = prepared.policy.semanticEmbeddingModel ?? DEFAULT_SEMANTIC_EMBEDDING_MODEL;
  const resolved = prepared.settings.deployments.find(({ deployment }) => deployment.name === modelName && deployment.capabilities.embeddings);
  if (question === undefined || !resolved) return undefined;
  let vector: readonly number[] | undefined;
  try {
    vector = await vectorOf(deps, caller, resolved, question);
  } catch (error) {
    deps.onBackgroundError(error, 'embedding a question for the semantic cache');
    return undefined;
  }
  if (!vector) return undefined;
  const { strategy, model } = prepared.policy;
  const context = { ...options, messages: options.messages.slice(0, -1) };
  const scope = { task: caller.task, strategy, model, promptVersion: caller.promptVersion, generation, embedding: modelName, context };
  const digest = createHash('sha256').update(canonicalJson(scope)).digest('base64url');
  return { scope: `${caller.tenantId}:${digest}`, key: { vector, guard: guardTerms(question) } };
}
