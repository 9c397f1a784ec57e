import type { AccountType, TaxCode } from './chart.js';
import type { CostCenterDimension, CostCenterRef } from './cost-center.js';

/** One line as a client writes it: an account, one side's amount, and optionally a tax code and a text. */
export interface LineDraft {
  readonly account: string;
  readonly debit?: string | undefined;
  readonly credit?: string | undefined;
  /** Absent: the account's default tax code applies; null: no tax, whatever the account's default. */
  readonly taxCode?: string | null | undefined;
  readonly text?: string | null | undefined;
  /** Cost centre of dimension 1 (KOST1); only on revenue and expense accounts. */
  readonly costCenter?: string | null | undefined;
  /** Cost centre of dimension 2 (KOST2); only on revenue and expense accounts. */
  readonly costCenter2?: string | null | undefined;
}

/** An entry as a client writes it (Buchungssatz with its Beleg). */
export interface EntryDraft {
  readonly postingDate: string;
  readonly documentDate: string;
  readonly documentRef: string;
  readonly description: string;
  /** ISO 4217; EUR is the base currency. */
  readonly currency: string;
  /** Units of `currency` per euro (the ECB quotation); "1" for EUR. */
  readonly exchangeRate: string;
  readonly lines: readonly LineDraft[];
}

/** A line as the ledger stores it: amounts in the entry's currency and in euro, canonical strings. */
export interface LedgerLine {
  readonly lineNo: number;
  readonly account: string;
  readonly debit: string;
  readonly credit: string;
  readonly debitBase: string;
  readonly creditBase: string;
  readonly taxCode: string | null;
  /** For a tax line: the number of the line whose tax it is. */
  readonly taxOf: number | null;
  readonly text: string | null;
  readonly costCenter: string | null;
  /** Absent reads as null: the second dimension came after the first lines were sealed. */
  readonly costCenter2?: string | null;
}

/** A ledger line with the field names the journal's columns, the API and the reports use. */
export function ledgerLineFields(line: LedgerLine) {
  return {
    line_no: line.lineNo,
    account: line.account,
    debit: line.debit,
    credit: line.credit,
    debit_base: line.debitBase,
    credit_base: line.creditBase,
    tax_code: line.taxCode,
    tax_of: line.taxOf,
    text: line.text,
    cost_center: line.costCenter,
    cost_center_2: line.costCenter2 ?? null,
  };
}

/** An account as the posting rules see it. */
export interface ChartAccount {
  readonly number: string;
  readonly inactive: boolean;
  readonly defaultTaxCode: string | null;
  /** Decides whether the account takes a cost centre; unknown counts as a balance-sheet account. */
  readonly type?: AccountType | undefined;
}

/** The tenant's chart, as far as a posting needs it. */
export interface ChartLookup {
  findAccount(number: string): ChartAccount | undefined;
  findTaxCode(code: string): TaxCode | undefined;
  /** Whether a tax code posts to this account; such accounts take no tax code themselves. */
  isTaxAccount(number: string): boolean;
  findCostCenter(dimension: CostCenterDimension, code: string): CostCenterRef | undefined;
}

/** Builds a {@link ChartLookup} from lists of accounts, tax codes and cost centres. */
export function toChartLookup(accounts: readonly ChartAccount[], taxCodes: readonly TaxCode[], costCenters: readonly CostCenterRef[] = []): ChartLookup {
  const accountsByNumber = new Map(accounts.map((account) => [account.number, account]));
  const codes = new Map(taxCodes.map((taxCode) => [taxCode.code, taxCode]));
  const centers = new Map(costCenters.map((center) => [`${center.dimension}/${center.code}`, center]));
  const taxAccounts = new Set(taxCodes.flatMap((taxCode) => [taxCode.outputTaxAccount, taxCode.inputTaxAccount]).filter((number) => number !== null));
  return {
    findAccount: (number) => accountsByNumber.get(number),
    findTaxCode: (code) => codes.get(code),
    isTaxAccount: (number) => taxAccounts.has(number),
    findCostCenter: (dimension, code) => centers.get(`${dimension}/${code}`),
  };
}
