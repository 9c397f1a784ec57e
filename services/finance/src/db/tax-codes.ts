import type { Kysely, Transaction } from 'kysely';
import type { TaxCode } from '../domain/chart.js';
import type { FinanceDb, TaxCodeTable } from './schema.js';

type TaxCodeRow = Omit<TaxCodeTable, 'tenant_id' | 'created_at'>;

function taxCodeRowToTaxCode(row: TaxCodeRow): TaxCode {
  return {
    code: row.code,
    description: row.description,
    kind: row.kind,
    rate: row.rate,
    outputTaxAccount: row.output_tax_account,
    inputTaxAccount: row.input_tax_account,
    datevBuKey: row.datev_bu_key,
    ustvaBaseKz: row.ustva_base_kz,
    ustvaOutputTaxKz: row.ustva_output_tax_kz,
    ustvaInputTaxKz: row.ustva_input_tax_kz,
  };
}

const COLUMNS = [
  'code',
  'description',
  'kind',
  'rate',
  'output_tax_account',
  'input_tax_account',
  'datev_bu_key',
  'ustva_base_kz',
  'ustva_output_tax_kz',
  'ustva_input_tax_kz',
] as const;

/** The tenant's tax codes in code order. */
export async function listTaxCodes(db: Kysely<FinanceDb>, tenantId: string): Promise<TaxCode[]> {
  const rows = await db.selectFrom('tax_code').select(COLUMNS).where('tenant_id', '=', tenantId).orderBy('code').execute();
  return rows.map(taxCodeRowToTaxCode);
}

export async function findTaxCode(db: Kysely<FinanceDb>, tenantId: string, code: string): Promise<TaxCode | undefined> {
  const row = await db.selectFrom('tax_code').select(COLUMNS).where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
  return row ? taxCodeRowToTaxCode(row) : undefined;
}

export async function insertTaxCodes(trx: Transaction<FinanceDb>, tenantId: string, taxCodes: readonly TaxCode[]): Promise<void> {
  if (taxCodes.length === 0) return;
  await trx
    .insertInto('tax_code')
    .values(
      taxCodes.map((taxCode) => ({
        tenant_id: tenantId,
        code: taxCode.code,
        description: taxCode.description,
        kind: taxCode.kind,
        rate: taxCode.rate,
        output_tax_account: taxCode.outputTaxAccount,
        input_tax_account: taxCode.inputTaxAccount,
        datev_bu_key: taxCode.datevBuKey,
        ustva_base_kz: taxCode.ustvaBaseKz,
        ustva_output_tax_kz: taxCode.ustvaOutputTaxKz,
        ustva_input_tax_kz: taxCode.ustvaInputTaxKz,
      })),
    )
    .execute();
}
