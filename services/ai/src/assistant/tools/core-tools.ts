import Type from 'typebox';
import { formatAmount } from '../../intelligence/language.js';
import { defineTool, readAs } from './tool.js';
import { say, UUID_PATTERN } from './wording.js';

const SearchAnswer = Type.Object({
  items: Type.Array(Type.Object({ type: Type.String(), id: Type.String(), number: Type.String(), title: Type.String() })),
});

export const searchTool = defineTool({
  name: 'search',
  description:
    'Finds customers, suppliers and products by name, number, SKU or part of one (spelling variants such as Mueller/Müller match). Use it to get the id of a customer, supplier or product before asking for its open items or stock.',
  parameters: Type.Object(
    {
      query: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'What to look for.' }),
      types: Type.Optional(
        Type.Array(Type.Union([Type.Literal('customer'), Type.Literal('supplier'), Type.Literal('product')]), {
          minItems: 1,
          maxItems: 3,
          uniqueItems: true,
          description: 'Kinds to search; all the user may read when absent.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  async run(context, input) {
    const answer = await context.erp.get('core', '/api/v1/search', { q: input.query.trim(), types: input.types?.join(','), limit: 10 });
    const read = readAs(SearchAnswer, answer, 'core');
    if ('outcome' in read) return read.outcome;
    const items = read.body.items.map((item) => ({ type: item.type, id: item.id, number: item.number, title: item.title }));
    const summary = say(context.language, `${items.length} Treffer für „${input.query}“`, `${items.length} result(s) for "${input.query}"`);
    return { ok: true, data: { items }, summary };
  },
});

const Quantity = Type.String();
const LevelsAnswer = Type.Object({
  product_id: Type.String(),
  unit: Type.String(),
  on_hand: Quantity,
  reserved: Quantity,
  available: Quantity,
  incoming: Quantity,
  levels: Type.Array(Type.Object({ warehouse_id: Type.String(), location_id: Type.String(), on_hand: Quantity, reserved: Quantity, available: Quantity })),
});

export const stockLevelsTool = defineTool({
  name: 'stock_levels',
  description:
    'The stock of one product: on hand, reserved, available and incoming in total and per storage location. Needs the product id (use search first).',
  parameters: Type.Object({ product_id: Type.String({ pattern: UUID_PATTERN, description: 'The product id from search.' }) }, { additionalProperties: false }),
  async run(context, input) {
    const answer = await context.erp.get('core', `/api/v1/inventory/products/${input.product_id.toLowerCase()}/levels`);
    const read = readAs(LevelsAnswer, answer, 'core');
    if ('outcome' in read) return read.outcome;
    const { levels, ...totals } = read.body;
    const data = {
      ...totals,
      locations: levels.map((level) => ({
        warehouse_id: level.warehouse_id,
        location_id: level.location_id,
        on_hand: level.on_hand,
        available: level.available,
      })),
    };
    const quantity = (value: string) => formatQuantity(value, context.language);
    const summary = say(
      context.language,
      `${quantity(totals.available)} ${totals.unit} verfügbar, ${quantity(totals.on_hand)} ${totals.unit} am Lager`,
      `${quantity(totals.available)} ${totals.unit} available, ${quantity(totals.on_hand)} ${totals.unit} on hand`,
    );
    return { ok: true, data, summary };
  },
});

/** A quantity in the language's notation without trailing zeros: "12", "2,5" (de), "2.5" (en). */
export function formatQuantity(value: string, language: 'de' | 'en'): string {
  if (!/^-?\d+(\.\d+)?$/.test(value)) return value;
  const [whole = '0', fraction = ''] = value.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  const grouped = formatAmount(whole, language).split(language === 'de' ? ',' : '.')[0] ?? whole;
  return trimmed ? `${grouped}${language === 'de' ? ',' : '.'}${trimmed}` : grouped;
}
