import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import Type from 'typebox';
import { type CostCenterPosition, type CostCenterRow, getCostCenter, listCostCenters } from '../db/cost-centers.js';
import { getSettings } from '../db/settings.js';
import { COST_CENTER_CODE_PATTERN, type CostCenterDimension } from '../domain/cost-center.js';
import { changeCostCenter, costCenterEtag, createCostCenter } from '../ledger/cost-centers.js';
import { actorOf, ifMatchOf, type RouteOptions, tenantOf } from './context.js';
import { fromCursor, toCursor } from './cursor.js';
import { ListQuery, Nullable, STRICT } from './schemas.js';

// An integer rather than a union of literals, so that query strings and paths ("2") are read as numbers.
const Dimension = Type.Integer({ minimum: 1, maximum: 2, description: '1: cost centre (KOST1), 2: cost object (KOST2).' });
const Code = Type.String({ pattern: COST_CENTER_CODE_PATTERN, description: 'Up to 36 letters, digits, dots, dashes or underscores, e.g. "K100".' });
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });
const CostCenter = Type.Object({
  dimension: Dimension,
  code: Type.String(),
  name: Type.String(),
  inactive: Type.Boolean(),
  version: Type.Integer(),
  created_at: Type.String(),
  created_by: Type.String(),
  updated_at: Type.String(),
});
const CostCenterList = Type.Object({ items: Type.Array(CostCenter), next_cursor: Nullable(Type.String()) });
const ListCostCentersQuery = Type.Object({ ...ListQuery, dimension: Type.Optional(Dimension), include_inactive: Type.Boolean({ default: false }) }, STRICT);
const KeyParams = Type.Object({ dimension: Dimension, code: Code }, STRICT);
const CreateBody = Type.Object({ dimension: Dimension, code: Code, name: Name }, STRICT);
const UpdateBody = Type.Object({ name: Type.Optional(Name), inactive: Type.Optional(Type.Boolean()) }, { ...STRICT, minProperties: 1 });

function costCenterRowToCostCenter(row: CostCenterRow) {
  return {
    dimension: row.dimension,
    code: row.code,
    name: row.name,
    inactive: row.inactive,
    version: row.version,
    created_at: row.created_at.toISOString(),
    created_by: row.created_by,
    updated_at: row.updated_at.toISOString(),
  };
}

// The schemas admit 1 and 2 only; this tells the type system so.
const toDimension = (dimension: number): CostCenterDimension => (dimension === 2 ? 2 : 1);

const isPosition = (value: unknown): value is CostCenterPosition => {
  const position = value as Partial<Record<string, unknown>> | null;
  return typeof position === 'object' && position !== null && (position.dimension === 1 || position.dimension === 2) && typeof position.code === 'string';
};

/**
 * Cost centres (dimension 1, DATEV KOST1) and cost objects (dimension 2, KOST2): list and read
 * (finance.accounts:read), create (honouring `Idempotency-Key`), rename and deactivate (finance.accounts:manage). Never deleted.
 */
export async function costCenterRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  const read = { permission: 'finance.accounts:read' } as const;
  const manage = { permission: 'finance.accounts:manage' } as const;

  app.get('/cost-centers', { config: read, schema: { querystring: ListCostCentersQuery, response: { 200: CostCenterList } } }, async (request) => {
    const tenantId = tenantOf(request);
    const { limit, cursor, dimension, include_inactive: includeInactive } = request.query;
    const after = cursor ? fromCursor(cursor, isPosition) : undefined;
    const page = await withTenant(context.db, tenantId, async (trx) => {
      await getSettings(trx, tenantId);
      return listCostCenters(trx, tenantId, { limit, after, dimension: dimension === undefined ? undefined : toDimension(dimension), includeInactive });
    });
    return { items: page.costCenters.map(costCenterRowToCostCenter), next_cursor: page.next ? toCursor(page.next) : null };
  });

  app.get('/cost-centers/:dimension/:code', { config: read, schema: { params: KeyParams, response: { 200: CostCenter } } }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const { dimension, code } = request.params;
    const center = await withTenant(context.db, tenantId, (trx) => getCostCenter(trx, tenantId, toDimension(dimension), code));
    return reply.header('etag', costCenterEtag(center)).send(costCenterRowToCostCenter(center));
  });

  app.post('/cost-centers', { config: manage, schema: { body: CreateBody, response: { 201: CostCenter } } }, async (request, reply) => {
    const { dimension, code, name } = request.body;
    const actor = actorOf(request);
    return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId, now: context.clock() }, async (trx) => {
      const center = await createCostCenter(trx, actor, { dimension: toDimension(dimension), code, name });
      const location = `${request.url.split('?')[0]}/${center.dimension}/${encodeURIComponent(center.code)}`;
      return { status: 201, body: costCenterRowToCostCenter(center), headers: { location, etag: costCenterEtag(center) } };
    });
  });

  app.patch(
    '/cost-centers/:dimension/:code',
    { config: manage, schema: { params: KeyParams, body: UpdateBody, response: { 200: CostCenter } } },
    async (request, reply) => {
      const key = { dimension: toDimension(request.params.dimension), code: request.params.code };
      const center = await changeCostCenter(context, actorOf(request), key, request.body, ifMatchOf(request));
      return reply.header('etag', costCenterEtag(center)).send(costCenterRowToCostCenter(center));
    },
  );
}
