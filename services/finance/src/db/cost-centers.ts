import { type Kysely, sql, type Transaction } from 'kysely';
import type { CostCenterDimension, CostCenterRef } from '../domain/cost-center.js';
import { CostCenterNotFoundError } from '../errors.js';
import type { FinanceDb } from './schema.js';

export interface CostCenterRow {
  dimension: CostCenterDimension;
  code: string;
  name: string;
  inactive: boolean;
  version: number;
  created_at: Date;
  created_by: string;
  updated_at: Date;
}

const COLUMNS = ['dimension', 'code', 'name', 'inactive', 'version', 'created_at', 'created_by', 'updated_at'] as const;

// The column is a smallint with a check for 1 and 2; the cast only tells the type system so.
const toRow = (row: Omit<CostCenterRow, 'dimension'> & { dimension: number }): CostCenterRow => ({ ...row, dimension: row.dimension as CostCenterDimension });

export async function findCostCenter(
  db: Kysely<FinanceDb>,
  tenantId: string,
  dimension: CostCenterDimension,
  code: string,
): Promise<CostCenterRow | undefined> {
  const row = await db
    .selectFrom('cost_center')
    .select(COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('dimension', '=', dimension)
    .where('code', '=', code)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export async function getCostCenter(db: Kysely<FinanceDb>, tenantId: string, dimension: CostCenterDimension, code: string): Promise<CostCenterRow> {
  const row = await findCostCenter(db, tenantId, dimension, code);
  if (!row) throw new CostCenterNotFoundError(dimension, code);
  return row;
}

/** Where a page of cost centres starts: after this dimension and code. */
export interface CostCenterPosition {
  dimension: number;
  code: string;
}

export interface CostCenterFilter {
  dimension?: CostCenterDimension | undefined;
  includeInactive: boolean;
  limit: number;
  after?: CostCenterPosition | undefined;
}

/** A page of cost centres in (dimension, code) order, and the position after which the next page starts. */
export async function listCostCenters(
  db: Kysely<FinanceDb>,
  tenantId: string,
  filter: CostCenterFilter,
): Promise<{ costCenters: CostCenterRow[]; next?: CostCenterPosition }> {
  let query = db.selectFrom('cost_center').select(COLUMNS).where('tenant_id', '=', tenantId);
  if (filter.dimension !== undefined) query = query.where('dimension', '=', filter.dimension);
  if (!filter.includeInactive) query = query.where('inactive', '=', false);
  const after = filter.after;
  if (after) query = query.where(sql<boolean>`(dimension, code) > (${after.dimension}, ${after.code})`);
  const rows = (
    await query
      .orderBy('dimension')
      .orderBy('code')
      .limit(filter.limit + 1)
      .execute()
  ).map(toRow);
  const costCenters = rows.slice(0, filter.limit);
  const last = costCenters.at(-1);
  return rows.length > filter.limit && last ? { costCenters, next: { dimension: last.dimension, code: last.code } } : { costCenters };
}

/** The cost centres among `wanted` as the posting rules see them. */
export async function findCostCenterRefs(
  db: Kysely<FinanceDb>,
  tenantId: string,
  wanted: readonly { dimension: CostCenterDimension; code: string }[],
): Promise<CostCenterRef[]> {
  if (wanted.length === 0) return [];
  const rows = await db
    .selectFrom('cost_center')
    .select(['dimension', 'code', 'inactive'])
    .where('tenant_id', '=', tenantId)
    .where('code', 'in', [...new Set(wanted.map((item) => item.code))])
    .execute();
  return rows.map((row) => ({ dimension: row.dimension as CostCenterDimension, code: row.code, inactive: row.inactive }));
}

/** Every cost centre of a dimension, active or not, for the reports. */
export async function costCentersOf(db: Kysely<FinanceDb>, tenantId: string, dimension: CostCenterDimension): Promise<CostCenterRow[]> {
  const rows = await db
    .selectFrom('cost_center')
    .select(COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('dimension', '=', dimension)
    .orderBy('code')
    .execute();
  return rows.map(toRow);
}

export interface NewCostCenter {
  dimension: CostCenterDimension;
  code: string;
  name: string;
  createdBy: string;
}

export async function insertCostCenter(trx: Transaction<FinanceDb>, tenantId: string, center: NewCostCenter): Promise<void> {
  await trx
    .insertInto('cost_center')
    .values({ tenant_id: tenantId, dimension: center.dimension, code: center.code, name: center.name, created_by: center.createdBy })
    .execute();
}

export interface CostCenterChanges {
  name?: string | undefined;
  inactive?: boolean | undefined;
}

/** Applies `changes`, moves the version on and returns the changed row. */
export async function updateCostCenter(
  trx: Transaction<FinanceDb>,
  tenantId: string,
  dimension: CostCenterDimension,
  code: string,
  changes: CostCenterChanges,
): Promise<CostCenterRow> {
  const row = await trx
    .updateTable('cost_center')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.inactive !== undefined ? { inactive: changes.inactive } : {}),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('dimension', '=', dimension)
    .where('code', '=', code)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRow(row);
}

/** Locks a cost centre for the rest of the transaction and returns it. */
export async function lockCostCenter(trx: Transaction<FinanceDb>, tenantId: string, dimension: CostCenterDimension, code: string): Promise<CostCenterRow> {
  const row = await trx
    .selectFrom('cost_center')
    .select(COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('dimension', '=', dimension)
    .where('code', '=', code)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new CostCenterNotFoundError(dimension, code);
  return toRow(row);
}
