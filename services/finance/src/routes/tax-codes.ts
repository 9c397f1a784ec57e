import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { getSettings } from '../db/settings.js';
import { findTaxCode, listTaxCodes } from '../db/tax-codes.js';
import type { TaxCode } from '../domain/chart.js';
import { TaxCodeNotFoundError } from '../errors.js';
import { type RouteOptions, tenantOf } from './context.js';
import { Nullable, STRICT, TaxCodeKindSchema, TaxCodeName } from './schemas.js';

const TaxCodeSchema = Type.Object({
  code: Type.String(),
  description: Type.String(),
  kind: TaxCodeKindSchema,
  rate: Type.String(),
  output_tax_account: Nullable(Type.String()),
  input_tax_account: Nullable(Type.String()),
  datev_bu_key: Nullable(Type.String()),
  ustva: Type.Object({ base: Nullable(Type.String()), output_tax: Nullable(Type.String()), input_tax: Nullable(Type.String()) }),
});

function taxCodeToResponse(taxCode: TaxCode) {
  return {
    code: taxCode.code,
    description: taxCode.description,
    kind: taxCode.kind,
    rate: taxCode.rate,
    output_tax_account: taxCode.outputTaxAccount,
    input_tax_account: taxCode.inputTaxAccount,
    datev_bu_key: taxCode.datevBuKey,
    ustva: { base: taxCode.ustvaBaseKz, output_tax: taxCode.ustvaOutputTaxKz, input_tax: taxCode.ustvaInputTaxKz },
  };
}

/** The tenant's tax codes with their accounts, DATEV keys and UStVA Kennzahlen (finance.accounts:read). */
export async function taxCodeRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  const read = { permission: 'finance.accounts:read' } as const;
  app.get('/tax-codes', { config: read, schema: { response: { 200: Type.Object({ items: Type.Array(TaxCodeSchema) }) } } }, async (request) => {
    const tenantId = tenantOf(request);
    const taxCodes = await withTenant(context.db, tenantId, async (trx) => {
      await getSettings(trx, tenantId);
      return listTaxCodes(trx, tenantId);
    });
    return { items: taxCodes.map(taxCodeToResponse) };
  });

  const CodeParams = Type.Object({ code: TaxCodeName }, STRICT);
  app.get('/tax-codes/:code', { config: read, schema: { params: CodeParams, response: { 200: TaxCodeSchema } } }, async (request) => {
    const tenantId = tenantOf(request);
    const taxCode = await withTenant(context.db, tenantId, (trx) => findTaxCode(trx, tenantId, request.params.code));
    if (!taxCode) throw new TaxCodeNotFoundError(request.params.code);
    return taxCodeToResponse(taxCode);
  });
}
