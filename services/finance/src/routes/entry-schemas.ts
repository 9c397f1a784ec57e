import Type, { type Static } from 'typebox';
import { COST_CENTER_CODE_PATTERN } from '../domain/cost-center.js';
import { type EntryDraft, type LineDraft, ledgerLineFields } from '../domain/entry.js';
import { entryEtag } from '../ledger/entries.js';
import type { EntryWithLines } from '../ledger/journal.js';
import { AccountNumber, AmountText, Day, Nullable, STRICT, TaxCodeName } from './schemas.js';

const Text = Type.String({ maxLength: 200 });
const CostCenterCode = Type.String({ pattern: COST_CENTER_CODE_PATTERN, description: 'A cost centre of the dimension, e.g. "K100".' });

export const LineInput = Type.Object(
  {
    account: AccountNumber,
    debit: Type.Optional(AmountText),
    credit: Type.Optional(AmountText),
    tax_code: Type.Optional(Nullable(TaxCodeName)),
    text: Type.Optional(Nullable(Text)),
    cost_center: Type.Optional(Nullable(CostCenterCode)),
    cost_center_2: Type.Optional(Nullable(CostCenterCode)),
  },
  STRICT,
);

const entryFields = {
  posting_date: Day,
  document_date: Day,
  document_ref: Type.String({ minLength: 1, maxLength: 36, description: 'The Beleg this entry rests on (Belegfeld 1).' }),
  description: Type.Optional(Text),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', default: 'EUR' })),
  exchange_rate: Type.Optional(Type.String({ maxLength: 20, description: 'Units of the currency per euro, e.g. "1.0856"; "1" for EUR.' })),
  lines: Type.Array(LineInput, { minItems: 2, maxItems: 500 }),
};

export const CreateEntryBody = Type.Object({ ...entryFields, status: Type.Optional(Type.Union([Type.Literal('posted'), Type.Literal('draft')])) }, STRICT);
export const ReplaceEntryBody = Type.Object(entryFields, STRICT);
export const ReverseEntryBody = Type.Object(
  {
    posting_date: Type.Optional(Day),
    document_date: Type.Optional(Day),
    document_ref: Type.Optional(Type.String({ minLength: 1, maxLength: 36 })),
    description: Type.Optional(Text),
  },
  STRICT,
);

/** A posted or stored line as every answer shows it: the entry routes and the journal report. */
export const EntryLine = Type.Object({
  line_no: Type.Integer(),
  account: Type.String(),
  debit: Type.String(),
  credit: Type.String(),
  debit_base: Type.String(),
  credit_base: Type.String(),
  tax_code: Nullable(Type.String()),
  tax_of: Nullable(Type.Integer()),
  text: Nullable(Type.String()),
  cost_center: Nullable(Type.String()),
  cost_center_2: Nullable(Type.String()),
});

export const Entry = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('posted')]),
  fiscal_year: Nullable(Type.Integer()),
  period: Nullable(Type.Integer()),
  number: Nullable(Type.Integer()),
  posting_date: Type.String(),
  document_date: Type.String(),
  document_ref: Type.String(),
  description: Type.String(),
  currency: Type.String(),
  exchange_rate: Type.String(),
  reversal_of: Nullable(Type.String()),
  reversed_by: Nullable(Type.String()),
  lines: Type.Array(EntryLine),
  input_lines: Type.Optional(Type.Array(LineInput)),
  version: Type.Integer(),
  created_at: Type.String(),
  created_by: Type.String(),
  posted_at: Nullable(Type.String()),
  posted_by: Nullable(Type.String()),
  previous_hash: Nullable(Type.String()),
  hash: Nullable(Type.String()),
});

type EntryFields = Omit<Static<typeof ReplaceEntryBody>, never>;

/** The client's body as the posting rules read it; an absent `tax_code` stays absent (the account's default applies). */
export function toEntryDraft(body: EntryFields): EntryDraft {
  return {
    postingDate: body.posting_date,
    documentDate: body.document_date,
    documentRef: body.document_ref,
    description: body.description ?? '',
    currency: body.currency ?? 'EUR',
    exchangeRate: body.exchange_rate ?? '1',
    lines: body.lines.map((line) => ({
      account: line.account,
      debit: line.debit,
      credit: line.credit,
      ...(line.tax_code !== undefined ? { taxCode: line.tax_code } : {}),
      text: line.text ?? null,
      costCenter: line.cost_center ?? null,
      costCenter2: line.cost_center_2 ?? null,
    })),
  };
}

function inputToResponse(line: LineDraft) {
  return {
    account: line.account,
    ...(line.debit !== undefined ? { debit: line.debit } : {}),
    ...(line.credit !== undefined ? { credit: line.credit } : {}),
    ...(line.taxCode !== undefined ? { tax_code: line.taxCode } : {}),
    text: line.text ?? null,
    ...(line.costCenter ? { cost_center: line.costCenter } : {}),
    ...(line.costCenter2 ? { cost_center_2: line.costCenter2 } : {}),
  };
}

export function entryToResponse({ entry, lines, input }: EntryWithLines): Static<typeof Entry> {
  return {
    id: entry.id,
    status: entry.status,
    fiscal_year: entry.fiscal_year,
    period: entry.period,
    number: entry.number,
    posting_date: entry.posting_date,
    document_date: entry.document_date,
    document_ref: entry.document_ref,
    description: entry.description,
    currency: entry.currency,
    exchange_rate: entry.exchange_rate,
    reversal_of: entry.reversal_of,
    reversed_by: entry.reversed_by,
    lines: lines.map(ledgerLineFields),
    ...(input ? { input_lines: input.map(inputToResponse) } : {}),
    version: entry.version,
    created_at: entry.created_at.toISOString(),
    created_by: entry.created_by,
    posted_at: entry.posted_at?.toISOString() ?? null,
    posted_by: entry.posted_by,
    previous_hash: entry.previous_hash,
    hash: entry.hash,
  };
}

export function etagOf(result: EntryWithLines): string {
  return entryEtag(result.entry);
}
