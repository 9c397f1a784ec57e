import { fileURLToPath } from 'node:url';

// Hand-written shapes of packages/contracts/proto/finance_intelligence.proto, as @grpc/proto-loader decodes
// them with FINANCE_INTELLIGENCE_LOADER_OPTIONS: snake_case names, every scalar present (its proto3 default
// when not sent), repeated fields as arrays, an absent message as null. Keep them in step with the .proto.

/**
 * The absolute path of `finance_intelligence.proto`, from this package's `src/` and `dist/` alike.
 *
 * ### Example
 * ```ts
 * const definition = loadSync(financeIntelligenceProtoPath(), FINANCE_INTELLIGENCE_LOADER_OPTIONS)[FINANCE_INTELLIGENCE_SERVICE];
 * server.addService(definition as ServiceDefinition, handlers); // or makeClientConstructor(definition, 'FinanceIntelligence')
 * ```
 */
export function financeIntelligenceProtoPath(): string {
  return fileURLToPath(new URL('../proto/finance_intelligence.proto', import.meta.url));
}

/** The fully qualified service name, the key of its definition in what `loadSync` returns. */
export const FINANCE_INTELLIGENCE_SERVICE = 'erp.ai.v1.FinanceIntelligence';

/**
 * The `@grpc/proto-loader` options both sides load the file with; the interfaces below describe messages
 * decoded with exactly these. `longs` and `enums` name the JavaScript constructor to convert to.
 */
export const FINANCE_INTELLIGENCE_LOADER_OPTIONS = Object.freeze({
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  arrays: true,
  objects: true,
  oneofs: true,
});

/** The metadata keys of a call (gRPC metadata keys are lower case). */
export const FINANCE_INTELLIGENCE_METADATA = Object.freeze({
  /** `Bearer <access token>`: the end user's own token, forwarded; it decides tenant and permissions. */
  authorization: 'authorization',
  /** Optional; must equal the token's tenant. */
  tenantId: 'x-tenant-id',
  requestId: 'x-request-id',
  traceparent: 'traceparent',
  /** Trailing metadata of a refusal: the service's error code, e.g. `KIT_VALIDATION_FAILED`. */
  errorCode: 'erp-error-code',
  /** Trailing metadata of INVALID_ARGUMENT: a JSON pointer to the offending field, once per field. */
  field: 'erp-field',
});

/**
 * A message as its sender may write it: any field may be left out, and then takes its proto3 default.
 *
 * ### Example
 * ```ts
 * const request: GrpcOutgoing<SuggestPostingsRequest> = { draft_entry: { description: 'Büromaterial', amount: '119.00' } };
 * ```
 */
export type GrpcOutgoing<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends readonly (infer Item)[]
    ? readonly GrpcOutgoing<Item>[]
    : { [Key in keyof T]?: GrpcOutgoing<T[Key]> | undefined };

/** A bank statement line to post. `amount` is signed: negative for money going out. */
export interface GrpcBankTransaction {
  counterparty: string;
  purpose: string;
  amount: string;
  /** YYYY-MM-DD. */
  date: string;
  iban: string;
  bank_account: string;
}

/** An incoming invoice: its supplier or its free text, or both. */
export interface GrpcIncomingInvoice {
  supplier: string;
  text: string;
  invoice_number: string;
  amount_gross: string;
  date: string;
}

/** A draft entry described in words; `account` is one the draft already has. */
export interface GrpcDraftEntry {
  description: string;
  amount: string;
  account: string;
}

/** `SuggestPostings`' request: exactly one input; `input` names which (the oneof's virtual field). */
export interface SuggestPostingsRequest {
  input?: 'bank_transaction' | 'incoming_invoice' | 'draft_entry' | undefined;
  bank_transaction?: GrpcBankTransaction | null | undefined;
  incoming_invoice?: GrpcIncomingInvoice | null | undefined;
  draft_entry?: GrpcDraftEntry | null | undefined;
  /** 1 to 10; 0 means 3. */
  limit: number;
  /** `de`, `en` or empty (`de`). */
  language: string;
}

/** One ranked posting; empty `tax_code` and `cost_centre` mean none. */
export interface GrpcPostingProposal {
  rank: number;
  debit_account: string;
  credit_account: string;
  tax_code: string;
  cost_centre: string;
  /** 0 to 1. */
  confidence: number;
  reason: string;
  similar_entry_ids: string[];
}

/** What was read from an invoice's text; empty strings for what was not found. */
export interface GrpcExtractedInvoice {
  supplier: string;
  invoice_number: string;
  amount_gross: string;
  date: string;
  iban: string;
  tax_rate_percent: string;
}

/** `SuggestPostings`' answer: the stored suggestion's id and its proposals, best first. */
export interface SuggestPostingsResponse {
  suggestion_id: string;
  kind: 'bank_transaction' | 'incoming_invoice' | 'draft_entry';
  proposals: GrpcPostingProposal[];
  learned_entries: number;
  /** The input's amount, unsigned; empty when it had none. */
  amount: string;
  extracted: GrpcExtractedInvoice | null;
}

/** A line of an entry to score, in euro: one side positive, the other empty or zero. */
export interface GrpcCandidateLine {
  account: string;
  debit: string;
  credit: string;
  tax_code: string;
  /** For a generated tax line, the 1-based position of its base line; 0 otherwise. */
  tax_of: number;
  text: string;
}

/** An entry as it would be posted (a draft). */
export interface GrpcCandidateEntry {
  /** The caller's id, unique within the request. */
  id: string;
  posting_date: string;
  document_ref: string;
  description: string;
  lines: GrpcCandidateLine[];
  /** Empty: the caller. */
  created_by: string;
  /** RFC 3339; empty: now. */
  created_at: string;
}

/** `ScoreEntries`' request. */
export interface ScoreEntriesRequest {
  entries: GrpcCandidateEntry[];
  /** EUR decimal strings; none means the ai service's configured limits. */
  approval_limits: string[];
  /** `skr03`, `skr04` or empty (the chart the ledger shows). */
  chart: string;
  language: string;
}

/** A finding of an anomaly detector about one candidate. */
export interface GrpcEntryFinding {
  kind: string;
  score: number;
  /** Empty when the finding concerns no single account. */
  account: string;
  reason: string;
  related_entry_ids: string[];
  details: Record<string, string>;
}

/** The score of one candidate: its strongest finding's score, 0 without findings. */
export interface GrpcEntryScore {
  entry_id: string;
  score: number;
  flagged: boolean;
  findings: GrpcEntryFinding[];
}

/** `ScoreEntries`' answer, one score per candidate in the request's order. */
export interface ScoreEntriesResponse {
  scores: GrpcEntryScore[];
  entries_compared: number;
  chart: string;
  generation: string;
}
