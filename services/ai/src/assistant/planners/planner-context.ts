import type { Language } from '../../intelligence/language.js';
import type { AssistantEvent, AssistantToolResult } from '../events.js';
import { runToolCall } from '../tools/catalogue.js';
import type { ToolContext } from '../tools/tool.js';

/** What a planner works with in one turn. */
export interface PlannerContext {
  readonly tools: ToolContext;
  readonly language: Language;
  readonly toolOutputMaxChars: number;
  readonly newId: () => string;
}

/** Calls a tool as the rules planner does: the call and its result are events, as with a language model. */
export async function* callTool(context: PlannerContext, name: string, input: Record<string, unknown>): AsyncGenerator<AssistantEvent, AssistantToolResult> {
  const toolCall = { id: `call_${context.newId()}`, name, arguments: JSON.stringify(input) };
  yield { type: 'tool-call', toolCall };
  const toolResult = await runToolCall(context.tools, toolCall, context.toolOutputMaxChars);
  yield { type: 'tool-result', toolResult };
  return toolResult;
}
