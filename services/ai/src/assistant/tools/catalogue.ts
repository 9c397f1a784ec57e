import { isAppError } from '@erp/kit';
import { Value } from 'typebox/value';
import type { ToolDefinitionV1 } from '../../providers/spec/chat-model-v1.js';
import type { AssistantToolCall, AssistantToolResult } from '../events.js';
import { capJson } from './cap-json.js';
import { searchTool, stockLevelsTool } from './core-tools.js';
import { createDraftEntryTool } from './draft-tool.js';
import { anomaliesTool, liquidityForecastTool, suggestPostingTool } from './intelligence-tools.js';
import { agingTool, openItemsTool } from './open-item-tools.js';
import { accountBalanceTool, balanceSheetTool, profitAndLossTool, trialBalanceTool } from './report-tools.js';
import type { AssistantTool, ToolContext, ToolOutcome } from './tool.js';

/** Every tool the assistant has. Each reads, or creates a draft; there is no tool that posts, changes or deletes. */
export const ASSISTANT_TOOLS: readonly AssistantTool[] = [
  searchTool,
  stockLevelsTool,
  openItemsTool,
  agingTool,
  accountBalanceTool,
  trialBalanceTool,
  profitAndLossTool,
  balanceSheetTool,
  anomaliesTool,
  liquidityForecastTool,
  suggestPostingTool,
  createDraftEntryTool,
];

const BY_NAME = new Map(ASSISTANT_TOOLS.map((tool) => [tool.name, tool]));

/** The tools as the language model is given them. */
export function toolDefinitions(): ToolDefinitionV1[] {
  return ASSISTANT_TOOLS.map((tool) => ({ name: tool.name, description: tool.description, parameters: JSON.parse(JSON.stringify(tool.parameters)) }));
}

function refused(code: string, title: string, detail: string, status: number | null = null): ToolOutcome {
  return { ok: false, status, code, title, detail };
}

function parseArguments(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: text.trim() === '' ? {} : JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Looks the tool up and checks its input against its schema; only then is anything called. */
async function outcomeOf(context: ToolContext, call: AssistantToolCall): Promise<ToolOutcome> {
  const tool = BY_NAME.get(call.name);
  if (!tool) {
    const names = ASSISTANT_TOOLS.map((known) => known.name).join(', ');
    return refused(
      'UNKNOWN_TOOL',
      'No such tool',
      `There is no tool "${call.name.slice(0, 64)}". The assistant can only read and create drafts with: ${names}.`,
    );
  }
  const parsed = parseArguments(call.arguments);
  if (!parsed.ok) return refused('INVALID_ARGUMENTS', 'Arguments are not JSON', 'The arguments must be a JSON object.');
  const input = Value.Default(tool.parameters, Value.Clone(parsed.value));
  const errors = [...Value.Errors(tool.parameters, input)].slice(0, 5);
  if (errors.length > 0) {
    const detail = errors.map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ');
    return refused('INVALID_ARGUMENTS', 'Arguments do not fit the tool', detail);
  }
  try {
    return await tool.run(context, input);
  } catch (error) {
    // A refusal of this service's own (a range too long, a ledger too large) is relayed like a service's.
    if (!isAppError(error)) throw error;
    return refused(error.code, error.title, error.detail, error.status);
  }
}

/** Runs one tool call: the result for the client and history, and the text the model reads, both capped. */
export async function runToolCall(context: ToolContext, call: AssistantToolCall, maxChars: number): Promise<AssistantToolResult> {
  const outcome = await outcomeOf(context, call);
  if (!outcome.ok) {
    const summary = `${outcome.status ? `${outcome.status} ` : ''}${outcome.title}${outcome.detail ? `: ${outcome.detail}` : ''}`;
    return { id: call.id, name: call.name, ok: false, status: outcome.status, code: outcome.code, summary, data: null };
  }
  return { id: call.id, name: call.name, ok: true, status: null, code: null, summary: outcome.summary, data: capJson(outcome.data, maxChars) };
}

/** What the model reads of a result: the data, or the refusal with the service's words. */
export function toolResultText(result: AssistantToolResult): string {
  if (result.ok) return JSON.stringify(result.data);
  return JSON.stringify({ error: { status: result.status, code: result.code, message: result.summary } });
}
