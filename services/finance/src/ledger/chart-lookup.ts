import type { Transaction } from 'kysely';
import { findChartAccounts } from '../db/accounts.js';
import { findCostCenterRefs } from '../db/cost-centers.js';
import type { FinanceDb } from '../db/schema.js';
import { getSettings, type SettingsRow } from '../db/settings.js';
import { listTaxCodes } from '../db/tax-codes.js';
import type { TaxCode } from '../domain/chart.js';
import type { CostCenterDimension } from '../domain/cost-center.js';
import { type ChartLookup, type EntryDraft, toChartLookup } from '../domain/entry.js';

function costCentersNamed(drafts: readonly EntryDraft[]): { dimension: CostCenterDimension; code: string }[] {
  return drafts
    .flatMap((draft) => draft.lines)
    .flatMap((line) => [
      ...(line.costCenter ? [{ dimension: 1 as const, code: line.costCenter }] : []),
      ...(line.costCenter2 ? [{ dimension: 2 as const, code: line.costCenter2 }] : []),
    ]);
}

/**
 * The part of the tenant's chart drafts refer to: their lines' accounts and cost centres, and all tax codes
 * (read unless the caller passes them, e.g. from a {@link SetUpChartCache}).
 */
export async function loadChartFor(
  trx: Transaction<FinanceDb>,
  tenantId: string,
  drafts: EntryDraft | readonly EntryDraft[],
  knownTaxCodes?: readonly TaxCode[],
): Promise<ChartLookup> {
  const all: readonly EntryDraft[] = Array.isArray(drafts) ? drafts : [drafts as EntryDraft];
  const [accounts, taxCodes, costCenters] = await Promise.all([
    findChartAccounts(trx, tenantId, [...new Set(all.flatMap((draft) => draft.lines.map((line) => line.account)))]),
    knownTaxCodes ?? listTaxCodes(trx, tenantId),
    findCostCenterRefs(trx, tenantId, costCentersNamed(all)),
  ]);
  return toChartLookup(accounts, taxCodes, costCenters);
}

/**
 * What never changes once a tenant's ledger is set up: its settings and its tax codes. The set-up writes both in
 * one transaction, and the database refuses to update or delete either (ledger_settings_keep, tax_code_keep).
 */
export interface SetUpChart {
  readonly settings: SettingsRow;
  readonly taxCodes: readonly TaxCode[];
}

/** Remembers the {@link SetUpChart} of the most recently used tenants, so a posting need not read it again. */
export interface SetUpChartCache {
  /** The tenant's set-up chart, read in `trx` the first time; throws FIN_NOT_SET_UP before the set-up (and remembers nothing then). */
  get(trx: Transaction<FinanceDb>, tenantId: string): Promise<SetUpChart>;
}

/** A {@link SetUpChartCache} of at most `maxTenants` tenants; the least recently used one is forgotten first. */
export function createSetUpChartCache(maxTenants = 10_000): SetUpChartCache {
  const charts = new Map<string, SetUpChart>();
  return {
    async get(trx, tenantId) {
      const known = charts.get(tenantId);
      if (known) {
        // Map keeps insertion order: moving the tenant to the end makes the first key the least recently used.
        charts.delete(tenantId);
        charts.set(tenantId, known);
        return known;
      }
      const chart = { settings: await getSettings(trx, tenantId), taxCodes: await listTaxCodes(trx, tenantId) };
      charts.set(tenantId, chart);
      if (charts.size > maxTenants) charts.delete(charts.keys().next().value as string);
      return chart;
    },
  };
}
