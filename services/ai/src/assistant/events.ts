/** A tool call as the assistant made it: the model's (or the intent parser's) arguments as JSON text. */
export interface AssistantToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

/** What a tool call came to, as the client and the history see it: a one-line summary and whether it worked. */
export interface AssistantToolResult {
  readonly id: string;
  readonly name: string;
  readonly ok: boolean;
  /** The status the service answered a refused call with (403, 404, 422, …). */
  readonly status: number | null;
  readonly code: string | null;
  readonly summary: string;
  /** The result's data, capped in size (the model sees the same). */
  readonly data: unknown;
}

export interface TurnUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** Why a turn ended: answered, or stopped by one of its bounds. */
export type TurnFinish = 'answered' | 'step-limit' | 'tool-call-limit' | 'time-limit';

/** The parts of one assistant turn, in the order they happen; SSE events and the JSON answer are built from them. */
export type AssistantEvent =
  | { readonly type: 'text-delta'; readonly delta: string }
  | { readonly type: 'tool-call'; readonly toolCall: AssistantToolCall }
  | { readonly type: 'tool-result'; readonly toolResult: AssistantToolResult }
  | { readonly type: 'finish'; readonly finish: TurnFinish; readonly usage: TurnUsage; readonly model: string | null; readonly steps: number };

/** One server-sent event: `event: <name>` and its JSON data. */
export function sseFrame(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
