/** One message of a conversation, in the shape every chat model of the ai service takes. */
export type ChatMessageV1 =
  | { readonly role: 'system'; readonly content: string }
  | { readonly role: 'user'; readonly content: string }
  | { readonly role: 'assistant'; readonly content: string; readonly toolCalls?: readonly ToolCallV1[] }
  | { readonly role: 'tool'; readonly content: string; readonly toolCallId: string; readonly toolName?: string };

/** A function the model may call; `parameters` is a JSON Schema of an object. */
export interface ToolDefinitionV1 {
  readonly name: string;
  readonly description?: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** A call of a tool the model asked for; `arguments` is the JSON text the model produced. */
export interface ToolCallV1 {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

export type ToolChoiceV1 =
  | { readonly type: 'auto' }
  | { readonly type: 'none' }
  | { readonly type: 'required' }
  | { readonly type: 'tool'; readonly name: string };

export type ResponseFormatV1 =
  | { readonly type: 'text' }
  | { readonly type: 'json'; readonly schema?: Readonly<Record<string, unknown>>; readonly name?: string };

/** What a call passes to a chat model. */
export interface ChatCallOptionsV1 {
  readonly messages: readonly ChatMessageV1[];
  readonly maxOutputTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly stopSequences?: readonly string[];
  readonly seed?: number;
  readonly responseFormat?: ResponseFormatV1;
  readonly tools?: readonly ToolDefinitionV1[];
  readonly toolChoice?: ToolChoiceV1;
  /** Aborts the call: the client went away or the deployment's timeout passed. */
  readonly abortSignal?: AbortSignal;
}

export type FinishReasonV1 = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

/** Tokens a call consumed, as the provider counted them (the local engine estimates). */
export interface ChatUsageV1 {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface ChatResultV1 {
  readonly text: string;
  readonly toolCalls: readonly ToolCallV1[];
  readonly finishReason: FinishReasonV1;
  readonly usage: ChatUsageV1;
}

/** A piece of a streamed answer; a stream ends with exactly one `finish` part or throws a provider error. */
export type ChatStreamPartV1 =
  | { readonly type: 'text-delta'; readonly delta: string }
  | { readonly type: 'tool-call'; readonly toolCall: ToolCallV1 }
  | { readonly type: 'finish'; readonly finishReason: FinishReasonV1; readonly usage: ChatUsageV1 };

/** A chat model the ai service can call. Vendors and the built-in engine implement it. */
export interface ChatModelV1 {
  readonly specificationVersion: 'v1';
  /** For logs and metrics, e.g. "openai.chat", "local.extractive". */
  readonly provider: string;
  readonly modelId: string;
  /** "do" prefix: called only by the ai service's own functions, never by a route. */
  doGenerate(options: ChatCallOptionsV1): Promise<ChatResultV1>;
  /** Resolves once the provider accepted the call; failures before that reject, later ones throw from the iterator. */
  doStream(options: ChatCallOptionsV1): Promise<AsyncIterable<ChatStreamPartV1>>;
}
