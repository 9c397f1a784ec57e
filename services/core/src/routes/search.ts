import { getPrincipal, type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { searchEntries } from '../db/search.js';
import { chooseKinds, resultPath, SEARCH_KINDS, type SearchKind } from '../domain/search.js';
import { SearchForbiddenError } from '../errors.js';
import type { PartnerContext } from '../partners/context.js';

export const SEARCH_PATH = '/api/v1/search';

const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'What to look for: a name, number, SKU, GTIN, e-mail or part of one.' }),
    types: Type.Optional(
      Type.String({
        pattern: `^(${SEARCH_KINDS.join('|')})(,(${SEARCH_KINDS.join('|')}))*$`,
        description: 'Comma-separated kinds; by default every kind the caller may read.',
      }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
    include_archived: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);

const SearchResult = Type.Object({
  type: Type.Union([Type.Literal('customer'), Type.Literal('supplier'), Type.Literal('product'), Type.Literal('sales_order'), Type.Literal('purchase_order')]),
  id: Type.String({ format: 'uuid' }),
  number: Type.String(),
  title: Type.String(),
  archived: Type.Boolean(),
  score: Type.Number(),
  href: Type.String(),
});

/**
 * `GET /api/v1/search?q=`: one ranked list across customers, suppliers and products (orders once they are
 * indexed), limited to the kinds the caller's permissions let it read.
 */
export async function searchRoutes(app: ServiceApp, { context }: { context: PartnerContext }): Promise<void> {
  app.get(
    '/',
    {
      config: { authenticated: true },
      schema: { querystring: SearchQuery, response: { 200: Type.Object({ items: Type.Array(SearchResult) }) } },
    },
    async (request) => {
      const principal = getPrincipal(request);
      const requested = request.query.types?.split(',') as SearchKind[] | undefined;
      const choice = chooseKinds(requested, principal.permissions);
      if ('forbidden' in choice) throw new SearchForbiddenError(choice.forbidden.join(', '));
      const filter = { text: request.query.q.trim(), kinds: choice.kinds, includeArchived: request.query.include_archived, limit: request.query.limit };
      const hits = await withTenant(context.db, principal.tenantId, (trx) => searchEntries(trx, principal.tenantId, filter));
      return {
        items: hits.map((hit) => ({
          type: hit.kind,
          id: hit.id,
          number: hit.number,
          title: hit.title,
          archived: hit.archived,
          score: hit.score,
          href: resultPath(hit.kind, hit.id),
        })),
      };
    },
  );
}
