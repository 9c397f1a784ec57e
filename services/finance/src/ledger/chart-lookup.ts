import type { Transaction } from 'kysely';
import { findChartAccounts } from '../db/accounts.js';
import { findCostCenterRefs } from '../db/cost-centers.js';
import type { FinanceDb } from '../db/schema.js';
import { listTaxCodes } from '../db/tax-codes.js';
import type { CostCenterDimension } from '../domain/cost-center.js';
import { type ChartLookup, type EntryDraft, toChartLookup } from '../domain/entry.js';

function costCentersNamed(draft: EntryDraft): { dimension: CostCenterDimension; code: string }[] {
  return draft.lines.flatMap((line) => [
    ...(line.costCenter ? [{ dimension: 1 as const, code: line.costCenter }] : []),
    ...(line.costCenter2 ? [{ dimension: 2 as const, code: line.costCenter2 }] : []),
  ]);
}

/** The part of the tenant's chart a draft refers to: its lines' accounts and cost centres, and all tax codes. */
export async function loadChartFor(trx: Transaction<FinanceDb>, tenantId: string, draft: EntryDraft): Promise<ChartLookup> {
  const [accounts, taxCodes, costCenters] = await Promise.all([
    findChartAccounts(
      trx,
      tenantId,
      draft.lines.map((line) => line.account),
    ),
    listTaxCodes(trx, tenantId),
    findCostCenterRefs(trx, tenantId, costCentersNamed(draft)),
  ]);
  return toChartLookup(accounts, taxCodes, costCenters);
}
