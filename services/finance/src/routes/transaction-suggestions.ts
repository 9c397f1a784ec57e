import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import { EntryNotDraftError } from '../errors.js';
import { draftCandidate, draftDescription } from '../grpc/draft-candidate.js';
import { readEntry } from '../ledger/journal.js';
import { tenantOf } from './context.js';
import { STRICT } from './schemas.js';
import {
  callerOf,
  notApplicable,
  ScoreView,
  SuggestionQuery,
  type SuggestionRouteOptions,
  SuggestionsView,
  scoreView,
  suggestionsView,
} from './suggestion-views.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) }, STRICT);
const DraftSuggestions = Type.Object({ entry_id: Type.String(), score: ScoreView, suggestions: SuggestionsView });

/**
 * `POST /transactions/:id/suggestions` (finance.entries:read, and ai's ai.suggestions:read through the
 * caller's own token): ai's judgement of a draft before it is posted, its anomaly score with the findings
 * behind it, and the postings ai would propose for its text and amount. Both questions go to ai at once.
 * Writes nothing in finance; ai keeps the suggestion for feedback.
 */
export async function transactionSuggestionRoutes(app: ServiceApp, { context, ai }: SuggestionRouteOptions): Promise<void> {
  app.post(
    '/transactions/:id/suggestions',
    { config: { permission: 'finance.entries:read' }, schema: { params: IdParams, querystring: SuggestionQuery, response: { 200: DraftSuggestions } } },
    async (request) => {
      const draft = await readEntry(context, tenantOf(request), request.params.id);
      if (draft.entry.status !== 'draft') throw new EntryNotDraftError(draft.entry.id);
      const caller = callerOf(request);
      const language = request.query.lang ?? '';
      const candidate = draftCandidate(draft);
      const [score, suggestions] = await Promise.all([
        candidate ? ai.scoreEntries({ entries: [candidate], language }, caller) : undefined,
        ai.suggestPostings({ draft_entry: draftDescription(draft), limit: request.query.limit, language }, caller),
      ]);
      return {
        entry_id: draft.entry.id,
        score: score ? scoreView(score) : notApplicable('The draft has no saved lines to score.'),
        suggestions: suggestionsView(suggestions),
      };
    },
  );
}
