import Type, { type Static } from 'typebox';
import { accountTotals, taxMovements } from '../db/report-balances.js';
import { getSettings } from '../db/settings.js';
import { listTaxCodes } from '../db/tax-codes.js';
import { toVatReturn, type VatReturn } from '../domain/vat-return.js';
import type { LedgerContext } from '../ledger/context.js';
import { Nullable, TaxCodeKindSchema } from '../routes/schemas.js';
import { amountCell, toCsv } from './csv.js';
import { type ReportPeriods, resolveReturnPeriods } from './report-periods.js';
import { withReportSnapshot } from './snapshot.js';

export const VatReturnSchema = Type.Object({
  fiscal_year: Type.Integer(),
  from_period: Type.Integer(),
  to_period: Type.Integer(),
  from: Type.String(),
  to: Type.String(),
  currency: Type.Literal('EUR'),
  rows: Type.Array(Type.Object({ kz: Type.String(), label: Type.String(), base: Nullable(Type.String()), tax: Nullable(Type.String()) })),
  by_tax_code: Type.Array(
    Type.Object({ code: Type.String(), kind: TaxCodeKindSchema, base: Type.String(), output_tax: Type.String(), input_tax: Type.String() }),
  ),
  uncoded_tax: Type.Array(
    Type.Object({ account: Type.String(), name: Type.String(), kind: Type.Union([Type.Literal('output'), Type.Literal('input')]), amount: Type.String() }),
  ),
  output_tax: Type.String(),
  input_tax: Type.String(),
  payable: Type.String(),
});
export type VatReturnResponse = Static<typeof VatReturnSchema>;

export interface VatReturnResult {
  periods: ReportPeriods;
  report: VatReturn;
}

export function vatReturnToResponse({ periods, report }: VatReturnResult): VatReturnResponse {
  return {
    fiscal_year: periods.year,
    from_period: periods.from,
    to_period: periods.to,
    from: periods.fromDate,
    to: periods.toDate,
    currency: 'EUR',
    rows: report.rows.map((row) => ({ ...row })),
    by_tax_code: report.byTaxCode.map((code) => ({
      code: code.code,
      kind: code.kind,
      base: code.base,
      output_tax: code.outputTax,
      input_tax: code.inputTax,
    })),
    uncoded_tax: report.uncodedTax.map((item) => ({ ...item })),
    output_tax: report.outputTax,
    input_tax: report.inputTax,
    payable: report.payable,
  };
}

/**
 * The UStVA figures of one period or quarter, from the balances per tax code and the tax accounts' balances,
 * both maintained by the postings.
 */
export async function readVatReturn(
  context: LedgerContext,
  tenantId: string,
  query: { year: number; period?: number | undefined; quarter?: number | undefined },
): Promise<VatReturnResult> {
  return withReportSnapshot(context.db, tenantId, async (trx) => {
    await getSettings(trx, tenantId);
    const periods = await resolveReturnPeriods(trx, tenantId, query.year, query);
    const taxCodes = await listTaxCodes(trx, tenantId);
    const movements = await taxMovements(trx, tenantId, periods);
    const accounts = await accountTotals(trx, tenantId, periods);
    return { periods, report: toVatReturn(taxCodes, movements, accounts) };
  });
}

/** Kennzahl, label, base, tax; Kz 83 last. */
export function vatReturnCsv({ report }: VatReturnResult): string {
  return toCsv(
    ['kz', 'label', 'base', 'tax'],
    report.rows.map((row) => [row.kz, row.label, amountCell(row.base), amountCell(row.tax)]),
  );
}
