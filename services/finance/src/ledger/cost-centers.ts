import { withTenant } from '@erp/kit';
import type { Transaction } from 'kysely';
import { appendAudit } from '../db/audit-log.js';
import {
  type CostCenterChanges,
  type CostCenterRow,
  findCostCenter,
  getCostCenter,
  insertCostCenter,
  lockCostCenter,
  updateCostCenter,
} from '../db/cost-centers.js';
import { pgError } from '../db/db-errors.js';
import type { FinanceDb } from '../db/schema.js';
import { getSettings } from '../db/settings.js';
import type { CostCenterDimension } from '../domain/cost-center.js';
import { CostCenterExistsError, PreconditionFailedError } from '../errors.js';
import type { Actor, LedgerContext } from './context.js';

/** The ETag of a cost-centre version; `If-Match` must repeat it to change the cost centre. */
export function costCenterEtag(center: Pick<CostCenterRow, 'dimension' | 'code' | 'version'>): string {
  return `"${center.dimension}-${center.code}-${center.version}"`;
}

function toAuditShape(center: CostCenterRow): Record<string, unknown> {
  return { dimension: center.dimension, code: center.code, name: center.name, inactive: center.inactive };
}

/** Adds a cost centre to a set-up ledger. */
export async function createCostCenter(
  trx: Transaction<FinanceDb>,
  actor: Actor,
  input: { dimension: CostCenterDimension; code: string; name: string },
): Promise<CostCenterRow> {
  await getSettings(trx, actor.tenantId);
  if (await findCostCenter(trx, actor.tenantId, input.dimension, input.code)) throw new CostCenterExistsError(input.dimension, input.code);
  try {
    await insertCostCenter(trx, actor.tenantId, { ...input, createdBy: actor.actorId });
  } catch (error) {
    // A concurrent creation of the same code wins the primary key; the loser gets the same answer as a late one.
    const { code, constraint } = pgError(error);
    if (code === '23505' && constraint === 'cost_center_pk') throw new CostCenterExistsError(input.dimension, input.code);
    throw error;
  }
  const created = await getCostCenter(trx, actor.tenantId, input.dimension, input.code);
  await appendAudit(trx, { ...actor, action: 'cost_center.created', subject: `${input.dimension}/${input.code}`, details: toAuditShape(created) });
  return created;
}

/**
 * Renames, deactivates or reactivates a cost centre; its code and dimension never change, because posted lines
 * refer to them. With `ifMatch`, the change applies only to the version the client read.
 */
export async function changeCostCenter(
  context: LedgerContext,
  actor: Actor,
  key: { dimension: CostCenterDimension; code: string },
  changes: CostCenterChanges,
  ifMatch?: string,
): Promise<CostCenterRow> {
  return withTenant(context.db, actor.tenantId, async (trx) => {
    const current = await lockCostCenter(trx, actor.tenantId, key.dimension, key.code);
    if (ifMatch !== undefined && ifMatch !== costCenterEtag(current)) throw new PreconditionFailedError(costCenterEtag(current));
    const updated = await updateCostCenter(trx, actor.tenantId, key.dimension, key.code, changes);
    const details = { before: toAuditShape(current), after: toAuditShape(updated) };
    await appendAudit(trx, { ...actor, action: 'cost_center.updated', subject: `${key.dimension}/${key.code}`, details });
    return updated;
  });
}
