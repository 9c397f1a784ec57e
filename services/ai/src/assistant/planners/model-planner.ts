import { chatStream } from '../../gateway/chat-stream.js';
import type { CallerContext, GatewayDeps } from '../../gateway/gateway-deps.js';
import type { ChatMessageV1, ToolCallV1 } from '../../providers/spec/chat-model-v1.js';
import type { AssistantEvent, AssistantToolResult, TurnFinish } from '../events.js';
import { runToolCall, toolDefinitions, toolResultText } from '../tools/catalogue.js';
import { stoppedAnswer } from './general-answers.js';
import type { PlannerContext } from './planner-context.js';
import { systemPrompt } from './system-prompt.js';

export interface ModelPlannerOptions {
  readonly gateway: GatewayDeps;
  /** Who asks; its signal ends the turn (client gone or time limit). */
  readonly caller: CallerContext;
  readonly maxSteps: number;
  readonly maxToolCalls: number;
  /** Aborted when the turn's time is up (also part of the caller's signal). */
  readonly deadline: AbortSignal;
  readonly today: string;
}

interface Step {
  text: string;
  calls: ToolCallV1[];
  model: string;
  inputTokens: number;
  outputTokens: number;
}

/** One call of the model through the gateway (routing, quotas, usage), its text streamed out as it comes. */
async function* modelStep(options: ModelPlannerOptions, messages: readonly ChatMessageV1[], mayCallTools: boolean): AsyncGenerator<AssistantEvent, Step> {
  const input = { messages, tools: toolDefinitions(), toolChoice: mayCallTools ? ({ type: 'auto' } as const) : ({ type: 'none' } as const) };
  const answer = await chatStream(options.gateway, { caller: options.caller, options: input });
  const step: Step = { text: '', calls: [], model: answer.deployment.name, inputTokens: 0, outputTokens: 0 };
  try {
    for await (const part of answer.parts) {
      if (part.type === 'text-delta') {
        step.text += part.delta;
        yield { type: 'text-delta', delta: part.delta };
      } else if (part.type === 'tool-call') {
        step.calls.push(part.toolCall);
      } else {
        step.inputTokens = part.usage.inputTokens;
        step.outputTokens = part.usage.outputTokens;
      }
    }
  } finally {
    await answer.abandon();
  }
  return step;
}

function limitReached(call: ToolCallV1, maxToolCalls: number): AssistantToolResult {
  const summary = `At most ${maxToolCalls} tool calls per answer; answer with what you have.`;
  return { id: call.id, name: call.name, ok: false, status: null, code: 'TOOL_CALL_LIMIT', summary, data: null };
}

/**
 * Plans with a language model in a bounded loop: the model sees the tools and calls them; each call is checked
 * and run with the user's token, its capped result goes back to the model, until it answers in text. At most
 * `maxSteps` model calls (the last one without tools), `maxToolCalls` tool calls, and the turn's time limit.
 */
export async function* answerByModel(
  context: PlannerContext,
  options: ModelPlannerOptions,
  history: readonly ChatMessageV1[],
  question: string,
): AsyncGenerator<AssistantEvent> {
  const messages: ChatMessageV1[] = [
    { role: 'system', content: systemPrompt(context.language, options.today) },
    ...history,
    { role: 'user', content: question },
  ];
  const usage = { inputTokens: 0, outputTokens: 0 };
  let toolCalls = 0;
  let model: string | null = null;
  let steps = 0;
  const finish = (reason: TurnFinish): AssistantEvent => ({ type: 'finish', finish: reason, usage: { ...usage }, model, steps });
  const stop = function* (reason: Exclude<TurnFinish, 'answered'>): Generator<AssistantEvent> {
    yield { type: 'text-delta', delta: `\n\n${stoppedAnswer(reason, context.language)}` };
    yield finish(reason);
  };
  try {
    while (steps < options.maxSteps) {
      steps += 1;
      const mayCallTools = steps < options.maxSteps && toolCalls < options.maxToolCalls;
      const step = yield* modelStep(options, messages, mayCallTools);
      model = step.model;
      usage.inputTokens += step.inputTokens;
      usage.outputTokens += step.outputTokens;
      if (step.calls.length === 0) return yield finish('answered');
      if (!mayCallTools) return yield* stop(toolCalls >= options.maxToolCalls ? 'tool-call-limit' : 'step-limit');
      messages.push({ role: 'assistant', content: step.text, toolCalls: step.calls });
      for (const call of step.calls) {
        yield { type: 'tool-call', toolCall: call };
        const result =
          toolCalls < options.maxToolCalls ? await runToolCall(context.tools, call, context.toolOutputMaxChars) : limitReached(call, options.maxToolCalls);
        toolCalls += 1;
        yield { type: 'tool-result', toolResult: result };
        messages.push({ role: 'tool', content: toolResultText(result), toolCallId: call.id, toolName: call.name });
      }
    }
  } catch (error) {
    if (!options.deadline.aborted) throw error;
    yield* stop('time-limit');
  }
}
