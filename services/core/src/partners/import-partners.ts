import type { Transaction } from 'kysely';
import { Compile } from 'typebox/compile';
import { findIdsByNumber, findIdsByVatId, findPartners, lockPartners } from '../db/partners.js';
import type { CoreDb } from '../db/schema.js';
import type { CsvFile } from '../domain/csv-file.js';
import { type CsvRow, csvRecordToRow } from '../domain/csv-rows.js';
import { type ImportLookups, planImport, type RowError, type RowOutcome, type RowPlan } from '../domain/import-plan.js';
import { normalisePartnerNumber, type PartnerRole } from '../domain/number-series.js';
import type { Partner } from '../domain/partner.js';
import { normaliseVatId } from '../domain/vat-id.js';
import { importRejected } from '../errors.js';
import type { Actor } from './context.js';
import { PartnerPatchBody } from './schemas.js';
import { insertNewPartner, savePartnerChanges } from './write-partner.js';

export interface ImportOptions {
  /** Only report what would happen; the default. */
  dryRun: boolean;
  /** `abort`: import nothing if a row is rejected (the default); `skip`: import the valid rows. */
  onError: 'abort' | 'skip';
}

export interface ImportRowResult {
  row: number;
  status: RowOutcome;
  id: string | null;
  number: string | null;
  changed_fields: string[];
  errors: RowError[];
}

export interface ImportResult {
  dry_run: boolean;
  imported: boolean;
  summary: Record<RowOutcome, number> & { rows: number };
  results: ImportRowResult[];
}

// The same limits as the JSON API, so a CSV cell can hold nothing that a PATCH could not.
const patchShape = Compile(PartnerPatchBody);

function withShapeErrors(row: CsvRow): CsvRow {
  const document = { ...row.patch, ...(row.address ? { addresses: [row.address] } : {}), ...(row.contact ? { contacts: [row.contact] } : {}) };
  const seen = new Set<string>();
  const shapeErrors = [...patchShape.Errors(document)].flatMap((issue) => {
    if (issue.keyword === 'anyOf' || issue.keyword === 'minProperties' || seen.has(issue.instancePath)) return [];
    seen.add(issue.instancePath);
    return [{ pointer: issue.instancePath, detail: `${issue.message}.` }];
  });
  return shapeErrors.length > 0 ? { ...row, errors: [...row.errors, ...shapeErrors] } : row;
}

async function loadLookups(trx: Transaction<CoreDb>, tenantId: string, role: PartnerRole, rows: CsvRow[], lock: boolean): Promise<ImportLookups> {
  const numbers = rows.flatMap((row) => (row.number ? [normalisePartnerNumber(row.number)] : []));
  const vatIds = rows.flatMap((row) => (row.patch.vat_id ? [normaliseVatId(row.patch.vat_id)] : []));
  const [idsByNumber, idsByVatId] = await Promise.all([findIdsByNumber(trx, tenantId, role, numbers), findIdsByVatId(trx, tenantId, role, vatIds)]);
  const ids = [...new Set([...idsByNumber.values(), ...[...idsByVatId.values()].flat()])];
  // A real import locks the partners it may update, so no one changes them between plan and write.
  const partners = lock ? await lockPartners(trx, tenantId, role, ids) : await findPartners(trx, tenantId, role, ids);
  const byId = new Map(partners.map((partner) => [partner.id, partner]));
  const resolve = (id: string) => byId.get(id);
  return {
    byNumber: new Map([...idsByNumber].flatMap(([number, id]) => (resolve(id) ? [[number, resolve(id) as Partner]] : []))),
    byVatId: new Map([...idsByVatId].map(([vatId, matches]) => [vatId, matches.flatMap((id) => resolve(id) ?? [])])),
  };
}

function toResult(plan: RowPlan, saved: Partner | undefined): ImportRowResult {
  const partner = saved ?? plan.target;
  return {
    row: plan.row,
    status: plan.outcome,
    id: partner?.id ?? null,
    number: partner?.number ?? null,
    changed_fields: plan.changedFields,
    errors: plan.errors,
  };
}

function summarise(dryRun: boolean, imported: boolean, results: ImportRowResult[]): ImportResult {
  const summary = { rows: results.length, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const result of results) summary[result.status] += 1;
  return { dry_run: dryRun, imported, summary, results };
}

/**
 * Imports customers or suppliers from a parsed CSV file in the caller's transaction: plans every row, then
 * (unless a dry run) writes the created and updated partners with history and events, or refuses the whole
 * file with 422 `CORE_IMPORT_REJECTED` if a row is rejected and `onError` is `abort`.
 */
export async function importPartners(
  trx: Transaction<CoreDb>,
  actor: Actor,
  role: PartnerRole,
  file: CsvFile,
  options: ImportOptions,
  newId: () => string,
): Promise<ImportResult> {
  const rows = file.records.map((record) => withShapeErrors(csvRecordToRow(file.columns, record)));
  const plans = planImport(role, rows, await loadLookups(trx, actor.tenantId, role, rows, !options.dryRun), newId);
  if (options.dryRun)
    return summarise(
      true,
      false,
      plans.map((plan) => toResult(plan, undefined)),
    );
  const rejectedPlans = plans.filter((plan) => plan.outcome === 'rejected');
  if (rejectedPlans.length > 0 && options.onError === 'abort') {
    const errors = rejectedPlans.flatMap((plan) =>
      plan.errors.map((error) => ({ pointer: `/rows/${plan.row}${error.column ? `/${error.column}` : ''}`, detail: error.detail })),
    );
    throw importRejected(rejectedPlans.length, errors);
  }
  const importer = { ...actor, via: 'csv-import' as const };
  const results: ImportRowResult[] = [];
  for (const plan of plans) {
    let saved: Partner | undefined;
    if (plan.outcome === 'created' && plan.fields) saved = await insertNewPartner(trx, importer, role, plan.fields, newId);
    if (plan.outcome === 'updated' && plan.fields && plan.target) saved = (await savePartnerChanges(trx, importer, plan.target, plan.fields)).partner;
    results.push(toResult(plan, saved));
  }
  return summarise(false, true, results);
}
