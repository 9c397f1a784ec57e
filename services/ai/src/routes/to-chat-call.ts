import { RequestUnsupportedError } from '../errors.js';
import type { ChatMessageV1, ToolCallV1, ToolChoiceV1, ToolDefinitionV1 } from '../providers/spec/chat-model-v1.js';

/** A message as both APIs carry it once its content is text. */
export interface WireMessage {
  readonly role: string;
  readonly content: string;
  readonly tool_calls?: readonly ToolCallV1[] | undefined;
  readonly tool_call_id?: string | undefined;
  readonly name?: string | undefined;
}

function toChatMessage(message: WireMessage, index: number): ChatMessageV1 {
  if (message.tool_calls && message.role !== 'assistant') throw new RequestUnsupportedError(`messages/${index}: only assistant messages carry tool_calls.`);
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: message.content };
    case 'assistant':
      return { role: 'assistant', content: message.content, ...(message.tool_calls ? { toolCalls: message.tool_calls } : {}) };
    case 'tool':
      if (!message.tool_call_id) throw new RequestUnsupportedError(`messages/${index}: a tool message needs tool_call_id.`);
      return { role: 'tool', content: message.content, toolCallId: message.tool_call_id, toolName: message.name };
    default:
      throw new RequestUnsupportedError(`messages/${index}: the role ${message.role} is not supported.`);
  }
}

/** Checks the conversation's shape and maps it; a conversation without any user or system text is refused. */
export function toChatMessages(messages: readonly WireMessage[]): ChatMessageV1[] {
  const mapped = messages.map(toChatMessage);
  if (!mapped.some((message) => (message.role === 'user' || message.role === 'system') && message.content.trim().length > 0)) {
    throw new RequestUnsupportedError('The conversation needs at least one user or system message with text.');
  }
  return mapped;
}

export function toToolDefinitions(
  tools: readonly { name: string; description?: string; parameters: Record<string, unknown> }[] | undefined,
): ToolDefinitionV1[] | undefined {
  return tools?.map((tool) => ({ name: tool.name, parameters: tool.parameters, ...(tool.description !== undefined ? { description: tool.description } : {}) }));
}

/** `auto`, `none`, `required` or one tool by name; a named tool must be among the tools. */
export function toToolChoice(choice: string | { name: string } | undefined, tools: readonly ToolDefinitionV1[] | undefined): ToolChoiceV1 | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice !== 'string') {
    if (!tools?.some((tool) => tool.name === choice.name)) throw new RequestUnsupportedError(`tool_choice names ${choice.name}, which is not among the tools.`);
    return { type: 'tool', name: choice.name };
  }
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
  throw new RequestUnsupportedError(`tool_choice ${choice} is not supported; use auto, none, required or a tool.`);
}
