/** The kinds of account; the sign of a balance and its place in the reports follow from it. */
export const ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'revenue', 'expense'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** The DATEV standard charts a tenant can start from. */
export const CHART_NAMES = ['SKR03', 'SKR04'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

/** One account of a chart template. */
export interface TemplateAccount {
  readonly number: string;
  readonly name: string;
  readonly type: AccountType;
  readonly parent?: string;
  /** The tax code a line on this account gets when the line names none (DATEV "Automatikkonto"). */
  readonly taxCode?: string;
}

/**
 * How a tax code turns a line into ledger lines:
 * - `output` / `input`: the line amount is gross; the tax is taken out of it onto the output (USt) or input
 *   (Vorsteuer) tax account, on the same side as the line.
 * - `intra_eu_acquisition` / `reverse_charge`: the line amount is net; the buyer owes the tax and may deduct
 *   it, so the tax is added twice: input tax on the line's side and output tax on the other side.
 * - `exempt`: no tax line; the code only records which UStVA Kennzahl the base amount belongs to.
 */
export const TAX_CODE_KINDS = ['output', 'input', 'intra_eu_acquisition', 'reverse_charge', 'exempt'] as const;
export type TaxCodeKind = (typeof TAX_CODE_KINDS)[number];

/** A tax code as the posting rules need it. */
export interface TaxCode {
  readonly code: string;
  readonly description: string;
  readonly kind: TaxCodeKind;
  /** Percent, e.g. "19.00". */
  readonly rate: string;
  readonly outputTaxAccount: string | null;
  readonly inputTaxAccount: string | null;
  /** DATEV Buchungsschlüssel (BU), e.g. "3" for 19 % output tax; empty where DATEV books via an automatic account. */
  readonly datevBuKey: string | null;
  /** UStVA Kennzahl of the base amount, e.g. "81". */
  readonly ustvaBaseKz: string | null;
  /** UStVA Kennzahl of the output tax where the form has one (e.g. "47" of Kz 46); for Kz 81/86/89/93 the form computes the tax itself. */
  readonly ustvaOutputTaxKz: string | null;
  /** UStVA Kennzahl of the deductible input tax, e.g. "66". */
  readonly ustvaInputTaxKz: string | null;
}

/** A chart template: the accounts and tax codes a tenant gets at set-up. */
export interface ChartTemplate {
  readonly chart: ChartName;
  readonly accounts: readonly TemplateAccount[];
  readonly taxCodes: readonly TaxCode[];
}
