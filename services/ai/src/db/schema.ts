import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | undefined, Date>;

export interface ModelJson {
  id: string;
  capabilities: { chat: boolean; embeddings: boolean; tools: boolean; json: boolean; streaming: boolean; context_tokens: number };
  price: { input_eur_per_million: string; output_eur_per_million: string };
}

export interface ProviderConfigTable {
  tenant_id: string;
  name: string;
  kind: 'openai' | 'anthropic' | 'mistral' | 'openai-compatible';
  base_url: string | null;
  api_key_sealed: string | null;
  timeout_ms: number;
  max_concurrency: number;
  models: ColumnType<ModelJson[], string, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TaskPolicyTable {
  tenant_id: string;
  task: string;
  strategy: string;
  model: string | null;
  fallback: boolean;
  fallback_to_local: boolean;
  max_attempts: number;
  cache_ttl_s: number;
  max_output_tokens: number;
  semantic_cache: ColumnType<boolean, boolean | undefined, boolean>;
  semantic_threshold: ColumnType<number, number | undefined, number>;
  semantic_embedding_model: string | null;
  updated_at: Timestamp;
}

export interface TenantQuotaTable {
  tenant_id: string;
  requests_per_minute: number | null;
  tokens_per_minute: number | null;
  /** numeric: a decimal string. */
  monthly_budget_eur: string | null;
  updated_at: Timestamp;
}

type Counter = ColumnType<string, number | undefined, number>;

export interface QuotaWindowTable {
  tenant_id: string;
  window_start: Date;
  requests: Counter;
  tokens: Counter;
}

export interface QuotaBudgetTable {
  tenant_id: string;
  month: string;
  spent_nano: Counter;
  reserved_nano: Counter;
}

export interface QuotaReservationTable {
  tenant_id: string;
  id: string;
  month: string;
  cost_nano: Counter;
  expires_at: Date;
}

export interface UsageRecordTable {
  tenant_id: string;
  id: string;
  occurred_at: Date;
  api: 'native' | 'openai';
  operation: 'chat' | 'embeddings';
  task: string;
  priority: 'critical' | 'normal' | 'batch';
  provider: string;
  model: string;
  outcome: 'ok' | 'cached' | 'failed';
  input_tokens: number;
  output_tokens: number;
  /** numeric: a decimal string. */
  cost_eur: string;
  latency_ms: number;
  attempts: number;
  request_id: string;
}

export interface LedgerEntryTable {
  tenant_id: string;
  entry_id: string;
  posting_date: ColumnType<string, string, string>;
  posted_at: Date;
  posted_by: string;
  document_ref: string;
  description: string;
  currency: string;
  reversal_of: string | null;
  reversed: ColumnType<boolean, boolean | undefined, boolean>;
  /** numeric: a decimal string. */
  amount: string;
  counterparty: string;
  tokens: string[];
  label: string | null;
  learned: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface LedgerLineTable {
  tenant_id: string;
  entry_id: string;
  line_no: number;
  account: string;
  /** numeric: decimal strings. */
  debit: string;
  credit: string;
  tax_code: string | null;
  tax_of: number | null;
  text: string | null;
}

export interface LedgerReversalTable {
  tenant_id: string;
  entry_id: string;
  reversal_id: string;
}

export interface LedgerStateTable {
  tenant_id: string;
  generation: ColumnType<string, number | undefined, never>;
  learned: ColumnType<number, number | undefined, never>;
  updated_at: Timestamp;
}

export interface SuggestionLabelTable {
  tenant_id: string;
  label: string;
  entries: ColumnType<number, number | undefined, never>;
  cost_centre: string | null;
}

export interface SuggestionTokenTable {
  tenant_id: string;
  token: string;
  label: string;
  entries: ColumnType<number, number | undefined, never>;
  rejected: ColumnType<number, number | undefined, never>;
}

export interface SuggestionTable {
  tenant_id: string;
  id: string;
  created_at: Date;
  kind: 'bank_transaction' | 'incoming_invoice' | 'draft_entry';
  tokens: string[];
  proposals: ColumnType<unknown, string, string>;
  outcome: 'accepted' | 'rejected' | null;
  chosen: string | null;
  cost_centre: string | null;
  decided_at: Date | null;
}

export interface AssistantConversationTable {
  tenant_id: string;
  id: string;
  user_id: string;
  title: ColumnType<string, string | undefined, string>;
  message_count: ColumnType<number, number | undefined, number>;
  created_at: Date;
  updated_at: Date;
}

export interface AssistantMessageTable {
  tenant_id: string;
  conversation_id: string;
  seq: number;
  id: string;
  role: 'user' | 'assistant';
  content: string;
  tool_calls: ColumnType<unknown[], string | undefined, string>;
  mode: 'llm' | 'rules' | null;
  model: string | null;
  created_at: Date;
}

export interface BatchJobTable {
  tenant_id: string;
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  task: string;
  request: ColumnType<Record<string, unknown>, string, string>;
  request_id: string;
  result: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  error: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  attempts: ColumnType<number, number | undefined, number>;
  created_at: Date;
  published_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  lease_until: Date | null;
}

export interface AiDb {
  provider_config: ProviderConfigTable;
  task_policy: TaskPolicyTable;
  tenant_quota: TenantQuotaTable;
  quota_window: QuotaWindowTable;
  quota_budget: QuotaBudgetTable;
  quota_reservation: QuotaReservationTable;
  usage_record: UsageRecordTable;
  ledger_entry: LedgerEntryTable;
  ledger_line: LedgerLineTable;
  ledger_reversal: LedgerReversalTable;
  ledger_state: LedgerStateTable;
  suggestion_label: SuggestionLabelTable;
  suggestion_token: SuggestionTokenTable;
  suggestion: SuggestionTable;
  batch_job: BatchJobTable;
  assistant_conversation: AssistantConversationTable;
  assistant_message: AssistantMessageTable;
}
