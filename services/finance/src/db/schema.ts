import type { ColumnType, Generated } from 'kysely';
import type { AccountType, ChartName, TaxCodeKind } from '../domain/chart.js';
import type { DocumentContentType, DocumentType } from '../domain/document.js';
import type { OpenItemDocumentType, OpenItemKind, OpenItemStatus } from '../domain/open-item.js';
import type { PeriodStatus } from '../domain/period-status.js';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type ReadOnly<T> = ColumnType<T, T | undefined, never>;
// Dates travel as 'YYYY-MM-DD' text: the queries select them with to_char, so no time zone can shift a day.
type DateText = ColumnType<string, string, string>;

export interface LedgerSettingsTable {
  tenant_id: string;
  chart: ChartName;
  base_currency: ReadOnly<string>;
  created_at: ReadOnly<Date>;
  created_by: string;
}

export interface TaxCodeTable {
  tenant_id: string;
  code: string;
  description: string;
  kind: TaxCodeKind;
  rate: string;
  output_tax_account: string | null;
  input_tax_account: string | null;
  datev_bu_key: string | null;
  ustva_base_kz: string | null;
  ustva_output_tax_kz: string | null;
  ustva_input_tax_kz: string | null;
  created_at: ReadOnly<Date>;
}

export interface AccountTable {
  tenant_id: string;
  number: string;
  name: string;
  type: AccountType;
  parent_number: string | null;
  default_tax_code: string | null;
  inactive: Defaulted<boolean>;
  origin: 'template' | 'custom';
  version: Defaulted<number>;
  created_at: ReadOnly<Date>;
  updated_at: Defaulted<Date>;
}

export interface FiscalYearTable {
  tenant_id: string;
  year: number;
  start_date: DateText;
  end_date: DateText;
  created_at: ReadOnly<Date>;
  created_by: string;
}

export interface FiscalPeriodTable {
  tenant_id: string;
  year: number;
  period: number;
  start_date: DateText;
  end_date: DateText;
  status: Defaulted<PeriodStatus>;
  status_changed_at: Date | null;
  status_changed_by: string | null;
  status_reason: string | null;
}

export interface PostingCounterTable {
  tenant_id: string;
  year: number;
  last_number: Defaulted<number>;
  last_hash: string;
}

export interface JournalEntryTable {
  tenant_id: string;
  id: string;
  status: Defaulted<'draft' | 'posted'>;
  fiscal_year: number | null;
  period: number | null;
  number: number | null;
  posting_date: DateText;
  document_date: DateText;
  document_ref: string;
  description: string;
  currency: string;
  exchange_rate: string;
  reversal_of: string | null;
  draft_lines: ColumnType<unknown, string | null, string | null>;
  version: Defaulted<number>;
  created_at: ReadOnly<Date>;
  created_by: string;
  posted_at: Date | null;
  posted_by: string | null;
  seal_version: number | null;
  previous_hash: string | null;
  hash: string | null;
}

export interface JournalLineTable {
  tenant_id: string;
  entry_id: string;
  line_no: number;
  account: string;
  debit: string;
  credit: string;
  debit_base: string;
  credit_base: string;
  tax_code: string | null;
  tax_of: number | null;
  text: string | null;
  cost_center: string | null;
  cost_center_2: string | null;
}

export interface AccountBalanceTable {
  tenant_id: string;
  fiscal_year: number;
  period: number;
  account: string;
  debit: string;
  credit: string;
}

export interface CostCenterTable {
  tenant_id: string;
  dimension: number;
  code: string;
  name: string;
  inactive: Defaulted<boolean>;
  version: Defaulted<number>;
  created_at: ReadOnly<Date>;
  created_by: string;
  updated_at: Defaulted<Date>;
}

export interface CostCenterBalanceTable {
  tenant_id: string;
  fiscal_year: number;
  period: number;
  dimension: number;
  cost_center: string;
  account: string;
  debit: string;
  credit: string;
}

export interface TaxBalanceTable {
  tenant_id: string;
  fiscal_year: number;
  period: number;
  tax_code: string;
  account: string;
  /** True for the tax lines a tax code generated, false for the lines that carry its base. */
  tax_line: boolean;
  debit: string;
  credit: string;
}

export interface AuditLogTable {
  tenant_id: string;
  id: Generated<string>;
  actor_id: string | null;
  action: string;
  subject: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  at: ReadOnly<Date>;
}

export interface EventPostingTable {
  tenant_id: string;
  id: string;
  event_id: string;
  event_type: string;
  document_id: string | null;
  related_document_id: string | null;
  status: 'posted' | 'parked' | 'retried';
  reason_code: string | null;
  reason: string | null;
  reason_errors: ColumnType<unknown, string | null, string | null>;
  event: ColumnType<unknown, string, never>;
  entry_id: string | null;
  attempts: Defaulted<number>;
  received_at: ReadOnly<Date>;
  last_attempt_at: Defaulted<Date>;
  resolved_at: Date | null;
  resolved_by: string | null;
}

export interface OpenItemTable {
  tenant_id: string;
  id: string;
  kind: OpenItemKind;
  document_type: OpenItemDocumentType;
  document_id: string;
  document_number: string;
  document_date: DateText;
  due_date: DateText;
  partner_id: string;
  partner_number: string;
  partner_name: string;
  currency: string;
  original_amount: string;
  open_amount: string;
  status: ColumnType<OpenItemStatus, never, never>;
  skonto_percent: string | null;
  skonto_days: number | null;
  skonto_until: DateText | null;
  tax_groups: ColumnType<unknown, string, never>;
  entry_id: string;
  dunning_level: Defaulted<number>;
  dunned_on: DateText | null;
  created_at: ReadOnly<Date>;
}

export interface PaymentTable {
  tenant_id: string;
  id: string;
  direction: 'incoming' | 'outgoing';
  bank_account: string;
  partner_id: string | null;
  currency: string;
  amount: string;
  payment_date: DateText;
  reference: string;
  entry_id: string;
  on_account_item_id: string | null;
  created_at: ReadOnly<Date>;
  created_by: string;
}

export interface OpenItemSettlementTable {
  tenant_id: string;
  id: string;
  open_item_id: string;
  source: 'payment' | 'credit_note';
  payment_id: string | null;
  credit_note_id: string | null;
  amount: string;
  skonto_amount: Defaulted<string>;
  settled_on: DateText;
  entry_id: string;
  created_at: ReadOnly<Date>;
}

export interface FiscalYearClosingTable {
  tenant_id: string;
  year: number;
  next_year: number;
  result: string;
  closing_entry_ids: string[];
  opening_entry_ids: string[];
  reason: string | null;
  closed_at: Date;
  closed_by: string;
}

export interface DocumentTable {
  tenant_id: string;
  id: string;
  document_type: DocumentType;
  content_type: DocumentContentType;
  size_bytes: ColumnType<string, number, never>;
  sha256: string;
  file_name: string | null;
  document_date: DateText | null;
  partner_ref: string | null;
  note: string | null;
  created_at: ReadOnly<Date>;
  created_by: string;
}

export interface DocumentLinkTable {
  tenant_id: string;
  document_id: string;
  entry_id: string;
  linked_at: ReadOnly<Date>;
  linked_by: string;
}

/** The finance service's schema, as Kysely sees it. */
export interface FinanceDb {
  ledger_settings: LedgerSettingsTable;
  tax_code: TaxCodeTable;
  account: AccountTable;
  fiscal_year: FiscalYearTable;
  fiscal_period: FiscalPeriodTable;
  posting_counter: PostingCounterTable;
  journal_entry: JournalEntryTable;
  journal_line: JournalLineTable;
  account_balance: AccountBalanceTable;
  audit_log: AuditLogTable;
  event_posting: EventPostingTable;
  open_item: OpenItemTable;
  payment: PaymentTable;
  open_item_settlement: OpenItemSettlementTable;
  cost_center: CostCenterTable;
  cost_center_balance: CostCenterBalanceTable;
  tax_balance: TaxBalanceTable;
  fiscal_year_closing: FiscalYearClosingTable;
  document: DocumentTable;
  document_link: DocumentLinkTable;
}
