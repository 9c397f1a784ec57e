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

export interface AiDb {
  provider_config: ProviderConfigTable;
  task_policy: TaskPolicyTable;
  tenant_quota: TenantQuotaTable;
  quota_window: QuotaWindowTable;
  quota_budget: QuotaBudgetTable;
  quota_reservation: QuotaReservationTable;
  usage_record: UsageRecordTable;
}
