import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { getEventPosting } from '../db/parked-events.js';
import { EventNotParkedError } from '../errors.js';
import { documentInputOf } from '../grpc/parked-event-input.js';
import { tenantOf } from './context.js';
import { Nullable, STRICT } from './schemas.js';
import { callerOf, notApplicable, SuggestionQuery, type SuggestionRouteOptions, SuggestionsView, suggestionsView } from './suggestion-views.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) }, STRICT);
const ParkedEventSuggestions = Type.Object({
  parked_event_id: Type.String(),
  event_type: Type.String(),
  /** What ai was asked: the document as an incoming invoice or in words (`draft_entry`). */
  input: Nullable(Type.Record(Type.String(), Type.String())),
  suggestions: SuggestionsView,
});

/**
 * `GET /parked-events/:id/suggestions` (finance.entries:read, and ai's ai.suggestions:read through the
 * caller's own token): how ai's model, learned from the tenant's postings, would post a parked event's
 * document. Writes nothing in finance; ai keeps the suggestion for feedback.
 */
export async function parkedEventSuggestionRoutes(app: ServiceApp, { context, ai }: SuggestionRouteOptions): Promise<void> {
  app.get(
    '/parked-events/:id/suggestions',
    { config: { permission: 'finance.entries:read' }, schema: { params: IdParams, querystring: SuggestionQuery, response: { 200: ParkedEventSuggestions } } },
    async (request) => {
      const tenantId = tenantOf(request);
      const row = await withTenant(context.db, tenantId, (trx) => getEventPosting(trx, tenantId, request.params.id));
      if (row.status !== 'parked') throw new EventNotParkedError(row.id);
      const input = documentInputOf(row.event_type, row.event);
      const answer = { parked_event_id: row.id, event_type: row.event_type, input: input ?? null };
      if (!input) return { ...answer, suggestions: notApplicable('The event names no supplier, customer or line texts to base a suggestion on.') };
      const { kind, ...fields } = input;
      const suggestions = await ai.suggestPostings({ [kind]: fields, limit: request.query.limit, language: request.query.lang ?? '' }, callerOf(request));
      return { ...answer, suggestions: suggestionsView(suggestions) };
    },
  );
}
