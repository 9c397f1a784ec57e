import { Decimal } from 'decimal.js';
import Type, { type Static } from 'typebox';
import { defineTool, readAs, type ToolOutcome } from './tool.js';
import { AMOUNT_PATTERN, DAY_PATTERN, formatMoney, say } from './wording.js';

const Line = Type.Object(
  {
    account: Type.String({ pattern: '^[0-9]{4,8}$' }),
    debit: Type.Optional(Type.String({ pattern: AMOUNT_PATTERN })),
    credit: Type.Optional(Type.String({ pattern: AMOUNT_PATTERN })),
    tax_code: Type.Optional(
      Type.Union([Type.String({ pattern: '^[A-Za-z0-9_]{1,16}$' }), Type.Null()], { description: "Absent: the account's default; null: no tax." }),
    ),
    text: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const DraftInput = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    lines: Type.Array(Line, { minItems: 2, maxItems: 20, description: 'Each line has exactly one of debit or credit (gross amounts); debits equal credits.' }),
    posting_date: Type.Optional(Type.String({ pattern: DAY_PATTERN, description: 'Today when absent.' })),
    document_date: Type.Optional(Type.String({ pattern: DAY_PATTERN })),
    document_ref: Type.Optional(Type.String({ minLength: 1, maxLength: 36, description: 'The voucher (Beleg) number; "AI-DRAFT" when absent.' })),
  },
  { additionalProperties: false },
);

const CreatedEntry = Type.Object({
  id: Type.String(),
  status: Type.Literal('draft'),
  posting_date: Type.String(),
  document_ref: Type.String(),
  description: Type.String(),
  lines: Type.Array(Type.Object({ account: Type.String(), debit: Type.String(), credit: Type.String(), tax_code: Type.Union([Type.String(), Type.Null()]) })),
});

function invalid(detail: string): ToolOutcome {
  return { ok: false, status: 422, code: 'DRAFT_INVALID', title: 'Draft entry invalid', detail };
}

/** Checked here so that an unbalanced draft costs no call; finance checks everything again. */
function checkLines(lines: Static<typeof DraftInput>['lines']): ToolOutcome | undefined {
  let debits = new Decimal(0);
  let credits = new Decimal(0);
  for (const [index, line] of lines.entries()) {
    if ((line.debit === undefined) === (line.credit === undefined)) return invalid(`Line ${index + 1} needs exactly one of debit or credit.`);
    if (new Decimal(line.debit ?? line.credit ?? '0').isZero()) return invalid(`Line ${index + 1} has a zero amount.`);
    debits = debits.plus(line.debit ?? '0');
    credits = credits.plus(line.credit ?? '0');
  }
  if (!debits.equals(credits)) return invalid(`The debits (${debits.toFixed(2)}) do not equal the credits (${credits.toFixed(2)}).`);
  return undefined;
}

export const createDraftEntryTool = defineTool({
  name: 'create_draft_entry',
  description:
    'Creates a DRAFT journal entry in finance for the user to review and post there. It never posts: a draft changes nothing in the ledger. Amounts are gross; the tax line follows from the tax code.',
  parameters: DraftInput,
  async run(context, input) {
    const refused = checkLines(input.lines);
    if (refused) return refused;
    const postingDate = input.posting_date ?? context.today;
    const body = {
      posting_date: postingDate,
      document_date: input.document_date ?? postingDate,
      document_ref: input.document_ref ?? 'AI-DRAFT',
      description: input.description,
      lines: input.lines,
    };
    const read = readAs(CreatedEntry, await context.erp.createDraftEntry(body), 'finance');
    if ('outcome' in read) return read.outcome;
    const entry = read.body;
    const gross = entry.lines.reduce((total, line) => total.plus(line.debit), new Decimal(0)).toFixed(2);
    const data = { ...entry, amount: gross, currency: 'EUR' };
    const summary = say(
      context.language,
      `Buchungsentwurf ${entry.id} über ${formatMoney(gross, 'EUR', 'de')} angelegt (nicht gebucht)`,
      `Draft entry ${entry.id} of ${formatMoney(gross, 'EUR', 'en')} created (not posted)`,
    );
    return { ok: true, data, summary };
  },
});
