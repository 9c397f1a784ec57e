import { defineError } from '@erp/kit';

export const ProviderNotFoundError = defineError({
  code: 'AI_PROVIDER_NOT_FOUND',
  status: 404,
  title: 'Provider not found',
  detail: (name: string) => `Your company has no provider named ${name}. GET /api/v1/ai/providers lists them.`,
});

export const ProviderNameTakenError = defineError({
  code: 'AI_PROVIDER_NAME_TAKEN',
  status: 409,
  title: 'Provider name taken',
  detail: (name: string) => `The name ${name} is reserved or used by a provider of the installation. Choose another name.`,
});

export const ProviderUrlRefusedError = defineError({
  code: 'AI_PROVIDER_URL_REFUSED',
  status: 422,
  title: 'Provider address not allowed',
  detail: (reason: string) =>
    `${reason} Providers must be reached over https at a public address; an operator can allow others (AI_ALLOW_PRIVATE_PROVIDER_URLS).`,
});

export const ProviderInvalidError = defineError({
  code: 'AI_PROVIDER_INVALID',
  status: 422,
  title: 'Provider settings incomplete',
  detail: (reason: string) => reason,
});

export const TaskPolicyInvalidError = defineError({
  code: 'AI_TASK_POLICY_INVALID',
  status: 422,
  title: 'Task policy invalid',
  detail: (reason: string) => reason,
});

export const TaskPolicyNotFoundError = defineError({
  code: 'AI_TASK_POLICY_NOT_FOUND',
  status: 404,
  title: 'Task policy not found',
  detail: (task: string) => `Your company has no policy of its own for the task ${task}; it uses the installation's or the default.`,
});

export const ModelNotFoundError = defineError({
  code: 'AI_MODEL_NOT_FOUND',
  status: 404,
  title: 'Model not found',
  detail: (model: string) => `There is no model ${model}. Use auto, or a name from GET /v1/models (<provider>/<model>).`,
});

export const ModelIncapableError = defineError({
  code: 'AI_MODEL_INCAPABLE',
  status: 422,
  title: 'Model cannot serve this request',
  detail: (model: string) =>
    `The model ${model} lacks a capability this request needs (chat or embeddings, tools, JSON output, or a context long enough). Choose another model or auto.`,
});

export const NoCapableModelError = defineError({
  code: 'AI_NO_CAPABLE_MODEL',
  status: 422,
  title: 'No model can serve this request',
  detail: () =>
    'No configured model has what this request needs (chat or embeddings, tools, JSON output, or a context long enough). The built-in engine cannot call tools; configure a provider that can.',
});

export const ProvidersCoolingDownError = defineError({
  code: 'AI_PROVIDERS_COOLING_DOWN',
  status: 503,
  title: 'Providers cooling down',
  detail: (retryAfterS: number) => `Every model that could serve this request failed recently and is paused. Try again in ${retryAfterS} s.`,
});

export const ProvidersBusyError = defineError({
  code: 'AI_PROVIDERS_BUSY',
  status: 503,
  title: 'Providers busy',
  detail: (retryAfterS: number) => `Every model tried is rate-limited, overloaded or at its concurrency limit. Try again in ${retryAfterS} s.`,
});

export const ProvidersTimeoutError = defineError({
  code: 'AI_PROVIDERS_TIMEOUT',
  status: 504,
  title: 'Providers did not answer in time',
  detail: (attempts: number) => `None of the ${attempts} model(s) tried answered within its timeout. Try again, or ask for a shorter answer.`,
});

export const ProvidersFailedError = defineError({
  code: 'AI_PROVIDERS_FAILED',
  status: 502,
  title: 'Providers failed',
  detail: (attempts: number) => `All ${attempts} model(s) tried failed (server errors, unreachable, or refused keys). Try again later.`,
});

export const UpstreamRejectedError = defineError({
  code: 'AI_UPSTREAM_REJECTED',
  status: 422,
  title: 'Provider refused the request',
  detail: (model: string) => `The provider of ${model} refused this request as invalid (too long, or against its content rules). Change the request.`,
});

export const RequestsPerMinuteExceededError = defineError({
  code: 'AI_QUOTA_REQUESTS_PER_MINUTE',
  status: 429,
  title: 'Requests per minute exceeded',
  detail: (limit: number) => `Your company may send ${limit} requests per minute to the AI service. Retry after the time in Retry-After.`,
});

export const TokensPerMinuteExceededError = defineError({
  code: 'AI_QUOTA_TOKENS_PER_MINUTE',
  status: 429,
  title: 'Tokens per minute exceeded',
  detail: (limit: number, fitsAtAll: boolean) =>
    fitsAtAll
      ? `Your company may use ${limit} tokens per minute. Retry after the time in Retry-After.`
      : `This request alone (its prompt plus the answer length asked for) exceeds your limit of ${limit} tokens per minute. Shorten it or ask for a shorter answer.`,
});

export const MonthlyBudgetExceededError = defineError({
  code: 'AI_QUOTA_MONTHLY_BUDGET',
  status: 429,
  title: 'Monthly AI budget exhausted',
  detail: (budgetEur: string) => `This request would take your company past its AI budget of ${budgetEur} EUR this month. An administrator can raise it.`,
});

export const ApiKeyInvalidError = defineError({
  code: 'AI_API_KEY_INVALID',
  status: 401,
  title: 'API key invalid',
  detail: () => 'The API key is unknown, revoked or expired. Create a new one (POST /api/v1/auth/api-keys).',
});

export const AuthUnavailableError = defineError({
  code: 'AI_AUTH_UNAVAILABLE',
  status: 503,
  title: 'API key could not be checked',
  detail: () => 'The auth service could not be reached to check the API key. Try again shortly, or send an access token instead.',
});

export const RequestUnsupportedError = defineError({
  code: 'AI_REQUEST_UNSUPPORTED',
  status: 400,
  title: 'Request not supported',
  detail: (reason: string) => reason,
});

export const UsageQueryInvalidError = defineError({
  code: 'AI_USAGE_QUERY_INVALID',
  status: 400,
  title: 'Usage query invalid',
  detail: (reason: string) => reason,
});

export const SuggestionNotFoundError = defineError({
  code: 'AI_SUGGESTION_NOT_FOUND',
  status: 404,
  title: 'Suggestion not found',
  detail: (id: string) => `Your company has no posting suggestion ${id}. Use the id a POST /api/v1/finance/llm/suggestions answered with.`,
});

export const SuggestionDecidedError = defineError({
  code: 'AI_SUGGESTION_DECIDED',
  status: 409,
  title: 'Feedback already given',
  detail: (id: string, outcome: string) => `The suggestion ${id} was already ${outcome}. Feedback is taken once per suggestion; ask for a new suggestion.`,
});

export const FeedbackInvalidError = defineError({
  code: 'AI_FEEDBACK_INVALID',
  status: 422,
  title: 'Feedback does not fit the suggestion',
  detail: (reason: string) => reason,
});

export const SuggestionInputInvalidError = defineError({
  code: 'AI_SUGGESTION_INPUT_INVALID',
  status: 422,
  title: 'Suggestion input incomplete',
  detail: (reason: string) => reason,
});

export const LedgerQueryInvalidError = defineError({
  code: 'AI_LEDGER_QUERY_INVALID',
  status: 400,
  title: 'Ledger query invalid',
  detail: (reason: string) => reason,
});

export const LedgerTooLargeError = defineError({
  code: 'AI_LEDGER_TOO_LARGE',
  status: 422,
  title: 'Too many entries to analyse at once',
  detail: (entries: number, limit: number) =>
    `The range and its history hold ${entries} entries; at most ${limit} are analysed in one request. Ask for a shorter range.`,
});

export const ConversationNotFoundError = defineError({
  code: 'AI_CONVERSATION_NOT_FOUND',
  status: 404,
  title: 'Conversation not found',
  detail: (id: string) => `You have no assistant conversation ${id}. GET /api/v1/ai/assistant/conversations lists yours.`,
});

export const ConversationFullError = defineError({
  code: 'AI_CONVERSATION_FULL',
  status: 409,
  title: 'Conversation full',
  detail: (limit: number) => `A conversation holds at most ${limit} messages. Start a new one (POST /api/v1/ai/assistant/conversations).`,
});

export const JobNotFoundError = defineError({
  code: 'AI_JOB_NOT_FOUND',
  status: 404,
  title: 'Job not found',
  detail: (id: string) => `Your company has no batch job ${id}, or its result has expired. Batch results are kept for a few days.`,
});

export const JobAbandonedError = defineError({
  code: 'AI_JOB_ABANDONED',
  status: 500,
  title: 'Job abandoned',
  detail: (attempts: number) => `The instances running this batch job stopped ${attempts} times before it finished. Submit it again.`,
});

/** Every error of the catalogue, for the README table test. */
export const AI_ERRORS = [
  ProviderNotFoundError,
  ProviderNameTakenError,
  ProviderUrlRefusedError,
  ProviderInvalidError,
  TaskPolicyInvalidError,
  TaskPolicyNotFoundError,
  ModelNotFoundError,
  ModelIncapableError,
  NoCapableModelError,
  ProvidersCoolingDownError,
  ProvidersBusyError,
  ProvidersTimeoutError,
  ProvidersFailedError,
  UpstreamRejectedError,
  RequestsPerMinuteExceededError,
  TokensPerMinuteExceededError,
  MonthlyBudgetExceededError,
  ApiKeyInvalidError,
  AuthUnavailableError,
  RequestUnsupportedError,
  UsageQueryInvalidError,
  SuggestionNotFoundError,
  SuggestionDecidedError,
  FeedbackInvalidError,
  SuggestionInputInvalidError,
  LedgerQueryInvalidError,
  LedgerTooLargeError,
  ConversationNotFoundError,
  ConversationFullError,
  JobNotFoundError,
  JobAbandonedError,
];

const RETRY_AFTER = Symbol.for('erp.ai.retry-after-s');

/** Marks an error with the seconds a client should wait; the app turns it into a `Retry-After` header. */
export function withRetryAfter<ErrorType extends Error>(error: ErrorType, retryAfterS: number): ErrorType {
  (error as unknown as Record<symbol, number>)[RETRY_AFTER] = Math.max(1, Math.ceil(retryAfterS));
  return error;
}

/** The seconds {@link withRetryAfter} put on an error, if any. */
export function retryAfterOf(error: unknown): number | undefined {
  const value = typeof error === 'object' && error !== null ? (error as Record<symbol, unknown>)[RETRY_AFTER] : undefined;
  return typeof value === 'number' ? value : undefined;
}
