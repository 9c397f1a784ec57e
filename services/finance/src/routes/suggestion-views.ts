import type { ScoreEntriesResponse, SuggestPostingsResponse } from '@erp/contracts';
import { ForbiddenError, getPrincipal, toTraceparent, UnauthenticatedError } from '@erp/kit';
import { status } from '@grpc/grpc-js';
import Type, { type Static } from 'typebox';
import type { AiAnswer, AiCaller, AiIntelligenceClient } from '../grpc/ai-client.js';
import type { RouteOptions } from './context.js';
import { Nullable, STRICT } from './schemas.js';

/** The route options of the routes that ask ai: the ledger's context and the ai client. */
export interface SuggestionRouteOptions extends RouteOptions {
  ai: AiIntelligenceClient;
}

export const SuggestionQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 3 })), lang: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')])) },
  STRICT,
);

/**
 * `available`: ai answered. `unavailable`: ai could not be asked or did not answer in time (finance works on).
 * `not_applicable`: there is nothing ai could judge (too little text, a draft without lines).
 */
const AnswerStatus = Type.Union([Type.Literal('available'), Type.Literal('unavailable'), Type.Literal('not_applicable')]);

const Proposal = Type.Object({
  rank: Type.Integer(),
  debit_account: Type.String(),
  credit_account: Type.String(),
  tax_code: Nullable(Type.String()),
  cost_centre: Nullable(Type.String()),
  confidence: Type.Number(),
  reason: Type.String(),
  similar_entry_ids: Type.Array(Type.String()),
});

export const SuggestionsView = Type.Object({
  status: AnswerStatus,
  detail: Type.Optional(Type.String()),
  suggestion_id: Type.Optional(Type.String()),
  proposals: Type.Optional(Type.Array(Proposal)),
  learned_entries: Type.Optional(Type.Integer()),
  amount: Type.Optional(Nullable(Type.String())),
});

export const ScoreView = Type.Object({
  status: AnswerStatus,
  detail: Type.Optional(Type.String()),
  score: Type.Optional(Type.Number()),
  flagged: Type.Optional(Type.Boolean()),
  findings: Type.Optional(
    Type.Array(
      Type.Object({
        kind: Type.String(),
        score: Type.Number(),
        account: Nullable(Type.String()),
        reason: Type.String(),
        related_entry_ids: Type.Array(Type.String()),
        details: Type.Record(Type.String(), Type.String()),
      }),
    ),
  ),
  entries_compared: Type.Optional(Type.Integer()),
});

type Unanswered = { status: 'unavailable' | 'not_applicable'; detail: string };

export const notApplicable = (detail: string): Unanswered => ({ status: 'not_applicable', detail });

/** The caller as ai must see it: the user's own token, the tenant, the request id and the trace. */
export function callerOf(request: Parameters<typeof getPrincipal>[0]): AiCaller {
  return {
    authorization: String(request.headers.authorization),
    tenantId: getPrincipal(request).tenantId,
    requestId: String(request.id),
    traceparent: toTraceparent(request.trace),
  };
}

/**
 * Why ai gave no answer, as the client sees it. ai refusing the user (no `ai.suggestions:read`, a token it does
 * not accept) is the user's answer: 403 or 401. ai refusing the question is `not_applicable`; anything else
 * (ai down, slow, failing, busy) is `unavailable`, and the finance request still succeeds.
 */
function unanswered(answer: Extract<AiAnswer<unknown>, { ok: false }>): Unanswered {
  if (answer.code === status.PERMISSION_DENIED) throw new ForbiddenError(`The ai service refused: ${answer.detail}`);
  if (answer.code === status.UNAUTHENTICATED) throw new UnauthenticatedError(`The ai service refused the access token: ${answer.detail}`);
  if (answer.code === status.INVALID_ARGUMENT || answer.code === status.FAILED_PRECONDITION) return notApplicable(answer.detail);
  return { status: 'unavailable', detail: answer.detail };
}

export function suggestionsView(answer: AiAnswer<SuggestPostingsResponse>): Static<typeof SuggestionsView> {
  if (!answer.ok) return unanswered(answer);
  const { response } = answer;
  return {
    status: 'available',
    suggestion_id: response.suggestion_id,
    proposals: response.proposals.map((proposal) => ({ ...proposal, tax_code: proposal.tax_code || null, cost_centre: proposal.cost_centre || null })),
    learned_entries: response.learned_entries,
    amount: response.amount || null,
  };
}

/** The score of the one entry asked about. */
export function scoreView(answer: AiAnswer<ScoreEntriesResponse>): Static<typeof ScoreView> {
  if (!answer.ok) return unanswered(answer);
  const [score] = answer.response.scores;
  if (!score) return { status: 'unavailable', detail: 'The ai service answered without a score.' };
  return {
    status: 'available',
    score: score.score,
    flagged: score.flagged,
    findings: score.findings.map((finding) => ({ ...finding, account: finding.account || null })),
    entries_compared: answer.response.entries_compared,
  };
}
