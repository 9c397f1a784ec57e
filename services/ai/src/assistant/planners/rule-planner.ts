import type { AssistantEvent } from '../events.js';
import type { Intent, ParsedUtterance } from '../intent/parse-intent.js';
import { say } from '../tools/wording.js';
import {
  agingAnswer,
  anomaliesAnswer,
  balanceAnswer,
  balanceSheetAnswer,
  forecastAnswer,
  openItemsAnswer,
  profitAndLossAnswer,
  searchAnswer,
  stockAnswer,
  trialBalanceAnswer,
} from './data-answers.js';
import { draftFlow } from './draft-flow.js';
import { failureAnswer, helpAnswer, refusalAnswer, unknownAnswer } from './general-answers.js';
import { callTool, type PlannerContext } from './planner-context.js';

type Flow = AsyncGenerator<AssistantEvent, string>;
type Of<Kind extends Intent['kind']> = Extract<Intent, { kind: Kind }>;

/** One tool call whose data becomes the answer through `answer`, or whose refusal is relayed. */
async function* single(context: PlannerContext, name: string, input: Record<string, unknown>, answer: (data: unknown) => string): Flow {
  const result = yield* callTool(context, name, input);
  return result.ok ? answer(result.data) : failureAnswer(result, context.language);
}

const itemsOf = (data: unknown) => (data as { items?: Record<string, string>[] } | null)?.items ?? [];

async function* openItemsFlow(context: PlannerContext, intent: Of<'open_items'>): Flow {
  const filters = { ...(intent.side ? { kind: intent.side } : {}), ...(intent.overdue ? { overdue: true } : {}) };
  if (!intent.partner) return yield* single(context, 'open_items', filters, (data) => openItemsAnswer(data, context.language, undefined));
  // Without types core searches every kind the user may read; asking for suppliers without that right is a 403.
  const found = yield* callTool(context, 'search', { query: intent.partner });
  if (!found.ok) return failureAnswer(found, context.language);
  const partner = itemsOf(found.data).find((item) => item.type === 'customer' || item.type === 'supplier');
  if (!partner)
    return say(
      context.language,
      `Ich habe keinen Kunden oder Lieferanten „${intent.partner}“ gefunden.`,
      `I found no customer or supplier "${intent.partner}".`,
    );
  const name = `${partner.title} (${partner.number})`;
  return yield* single(context, 'open_items', { ...filters, partner_id: partner.id }, (data) => openItemsAnswer(data, context.language, name));
}

async function* stockFlow(context: PlannerContext, intent: Of<'stock_level'>): Flow {
  if (!intent.product)
    return say(
      context.language,
      'Für welchen Artikel? Zum Beispiel: „Lagerbestand von Bohrmaschine“.',
      'For which product? For example: "stock level of drill".',
    );
  const found = yield* callTool(context, 'search', { query: intent.product, types: ['product'] });
  if (!found.ok) return failureAnswer(found, context.language);
  const product = itemsOf(found.data)[0];
  if (!product) return say(context.language, `Ich habe keinen Artikel „${intent.product}“ gefunden.`, `I found no product "${intent.product}".`);
  return yield* single(context, 'stock_levels', { product_id: product.id }, (data) => stockAnswer(data, product, context.language));
}

const year = (value: number | undefined) => (value === undefined ? {} : { fiscal_year: value });

function flowOf(context: PlannerContext, intent: Intent): Flow | string {
  const { language } = context;
  switch (intent.kind) {
    case 'account_balance':
      return single(context, 'account_balance', { ...year(intent.year), ...(intent.account ? { account: intent.account } : {}) }, (data) =>
        balanceAnswer(data, language),
      );
    case 'open_items':
      return openItemsFlow(context, intent);
    case 'aging':
      return single(context, 'open_items_aging', { kind: intent.side }, (data) => agingAnswer(data, language));
    case 'stock_level':
      return stockFlow(context, intent);
    case 'search':
      return single(context, 'search', { query: intent.query, ...(intent.types ? { types: intent.types } : {}) }, (data) =>
        searchAnswer(data, intent.query, language),
      );
    case 'liquidity_forecast':
      return single(context, 'liquidity_forecast', intent.weeks ? { horizon_weeks: intent.weeks } : {}, (data) => forecastAnswer(data, language));
    case 'anomalies':
      return single(context, 'anomalies', {}, (data) => anomaliesAnswer(data, language));
    case 'trial_balance':
      return single(context, 'trial_balance', year(intent.year), (data) => trialBalanceAnswer(data, language));
    case 'profit_and_loss':
      return single(context, 'profit_and_loss', year(intent.year), (data) => profitAndLossAnswer(data, language));
    case 'balance_sheet':
      return single(context, 'balance_sheet', year(intent.year), (data) => balanceSheetAnswer(data, language));
    case 'create_draft':
      return draftFlow(context, intent);
    case 'help':
      return helpAnswer(language);
    case 'refuse':
      return refusalAnswer(intent.reason, language);
    case 'unknown':
      return unknownAnswer(language);
  }
}

/**
 * Answers without a language model: the parsed intent decides the tool calls (the same tools a model would
 * call, with the same checks), and the answer is worded from fixed German and English templates.
 */
export async function* answerByRules(context: PlannerContext, parsed: ParsedUtterance): AsyncGenerator<AssistantEvent> {
  const flow = flowOf(context, parsed.intent);
  const text = typeof flow === 'string' ? flow : yield* flow;
  yield { type: 'text-delta', delta: text };
  yield { type: 'finish', finish: 'answered', usage: { inputTokens: 0, outputTokens: 0 }, model: null, steps: 0 };
}
