import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Language } from '../intelligence/language.js';

const STRICT = { additionalProperties: false } as const;

export const Day = Type.String({ format: 'date', maxLength: 10, description: 'YYYY-MM-DD' });
export const SignedAmount = Type.String({ pattern: '^-?[0-9]{1,12}(\\.[0-9]{1,2})?$', maxLength: 16, description: 'A decimal string, e.g. "-119.00".' });
export const Amount = Type.String({ pattern: '^[0-9]{1,12}(\\.[0-9]{1,2})?$', maxLength: 15, description: 'A decimal string, e.g. "119.00".' });
export const AccountNumber = Type.String({ pattern: '^[0-9]{4,8}$', description: 'Four to eight digits, e.g. "1200".' });
const TaxCodeName = Type.String({ pattern: '^[A-Za-z0-9_]{1,16}$' });
const CostCentre = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,35}$' });
export const LanguageSchema = Type.Union([Type.Literal('de'), Type.Literal('en')]);
export const ChartSchema = Type.Union([Type.Literal('skr03'), Type.Literal('skr04')]);

export const BankTransactionBody = Type.Object(
  {
    kind: Type.Literal('bank_transaction'),
    counterparty: Type.String({ minLength: 1, maxLength: 200 }),
    purpose: Type.String({ maxLength: 1000 }),
    amount: SignedAmount,
    date: Day,
    iban: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{11,36}$' })),
    bank_account: Type.Optional(AccountNumber),
  },
  STRICT,
);

export const IncomingInvoiceBody = Type.Object(
  {
    kind: Type.Literal('incoming_invoice'),
    supplier: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000 })),
    invoice_number: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    amount_gross: Type.Optional(Amount),
    date: Type.Optional(Day),
  },
  STRICT,
);

export const DraftEntryBody = Type.Object(
  {
    kind: Type.Literal('draft_entry'),
    description: Type.String({ minLength: 1, maxLength: 1000 }),
    amount: Type.Optional(SignedAmount),
    account: Type.Optional(AccountNumber),
  },
  STRICT,
);

export const SuggestionBody = Type.Union([BankTransactionBody, IncomingInvoiceBody, DraftEntryBody]);

export const SuggestionQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 3 })), lang: Type.Optional(LanguageSchema) },
  STRICT,
);

export const FeedbackBody = Type.Object(
  {
    outcome: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
    rank: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
    chosen: Type.Optional(
      Type.Object(
        {
          debit_account: AccountNumber,
          credit_account: AccountNumber,
          tax_code: Type.Optional(Type.Union([TaxCodeName, Type.Null()])),
          cost_centre: Type.Optional(Type.Union([CostCentre, Type.Null()])),
        },
        STRICT,
      ),
    ),
  },
  STRICT,
);

export const SuggestionIdParams = Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) }, STRICT);

const LIMIT_LIST = '^[0-9]{1,9}(\\.[0-9]{1,2})?(,[0-9]{1,9}(\\.[0-9]{1,2})?){0,9}$';

export const AnomalyQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    approval_limits: Type.Optional(Type.String({ pattern: LIMIT_LIST, maxLength: 120, description: 'Comma-separated EUR amounts, e.g. 1000,5000' })),
    chart: Type.Optional(ChartSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })),
    lang: Type.Optional(LanguageSchema),
  },
  STRICT,
);

const ONE_OFF_LIST = '^[0-9]{4}-[0-9]{2}-[0-9]{2}:-?[0-9]{1,12}(\\.[0-9]{1,2})?(;[0-9]{4}-[0-9]{2}-[0-9]{2}:-?[0-9]{1,12}(\\.[0-9]{1,2})?){0,49}$';

const ForecastCommon = {
  as_of: Type.Optional(Day),
  horizon_weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 104, default: 13 })),
  minimum_balance: Type.Optional(SignedAmount),
  chart: Type.Optional(ChartSchema),
  lang: Type.Optional(LanguageSchema),
};

export const ForecastQuery = Type.Object(
  {
    ...ForecastCommon,
    revenue_pct: Type.Optional(Type.Number({ minimum: -100, maximum: 1000 })),
    payment_delay_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
    one_off: Type.Optional(
      Type.String({ pattern: ONE_OFF_LIST, maxLength: 2000, description: 'date:amount pairs separated by ";", e.g. 2026-12-01:-5000.00' }),
    ),
  },
  STRICT,
);

export const ForecastBody = Type.Object(
  {
    ...ForecastCommon,
    scenario: Type.Optional(
      Type.Object(
        {
          revenue_pct: Type.Optional(Type.Number({ minimum: -100, maximum: 1000 })),
          payment_delay_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
          one_off_payments: Type.Optional(
            Type.Array(Type.Object({ date: Day, amount: SignedAmount, description: Type.Optional(Type.String({ maxLength: 200 })) }, STRICT), {
              maxItems: 100,
            }),
          ),
        },
        STRICT,
      ),
    ),
    open_items: Type.Optional(
      Type.Array(
        Type.Object(
          {
            due_date: Day,
            amount: Amount,
            kind: Type.Union([Type.Literal('receivable'), Type.Literal('payable')]),
            description: Type.Optional(Type.String({ maxLength: 200 })),
          },
          STRICT,
        ),
        { maxItems: 5000 },
      ),
    ),
  },
  STRICT,
);

/** The language asked for: `lang`, else the first of Accept-Language that we speak, else German. */
export function languageOf(request: FastifyRequest, lang: Language | undefined): Language {
  if (lang) return lang;
  const accepted = String(request.headers['accept-language'] ?? '').toLowerCase();
  const english = accepted.indexOf('en');
  const german = accepted.indexOf('de');
  return english >= 0 && (german < 0 || english < german) ? 'en' : 'de';
}
