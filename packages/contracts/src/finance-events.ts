import Type, { type Static } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const Amount = Type.String({ pattern: '^[0-9]+\\.[0-9]{2}$' });
const Day = Type.String({ format: 'date' });
const Timestamp = Type.String({ format: 'date-time' });

/** The CloudEvents `type` of each finance event. */
export const FINANCE_EVENT_TYPES = {
  entryPosted: 'erp.finance.entry.posted.v1',
  entryReversed: 'erp.finance.entry.reversed.v1',
  invoiceOverdue: 'erp.finance.invoice.overdue.v1',
} as const;

/**
 * A line of a posted journal entry. Amounts are decimal strings with two places, in the entry's currency
 * (`debit`, `credit`) and in euro (`debit_base`, `credit_base`); exactly one side is non-zero. A line a tax
 * code generated names the line it belongs to in `tax_of`.
 */
export const FinanceEntryLine = Type.Object(
  {
    line_no: Type.Integer({ minimum: 1 }),
    account: Type.String(),
    debit: Amount,
    credit: Amount,
    debit_base: Amount,
    credit_base: Amount,
    tax_code: Type.Union([Type.String(), Type.Null()]),
    tax_of: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    text: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

/**
 * Data of `erp.finance.entry.posted.v1`: a journal entry was posted with the gap-free `number` of its fiscal
 * year and sealed into the audit chain (`hash`). A reversal (Storno) is posted too, with `reversal_of` set.
 *
 * ### Example
 * ```ts
 * import { Value } from 'typebox/value';
 * if (event.type === FINANCE_EVENT_TYPES.entryPosted && Value.Check(FinanceEntryPostedV1, event.data)) refreshReadModel(event.data);
 * ```
 */
export const FinanceEntryPostedV1 = Type.Object(
  {
    entry_id: Uuid,
    fiscal_year: Type.Integer(),
    period: Type.Integer({ minimum: 1, maximum: 12 }),
    number: Type.Integer({ minimum: 1 }),
    posting_date: Day,
    document_date: Day,
    document_ref: Type.String(),
    description: Type.String(),
    /** ISO 4217; EUR is the base currency. */
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    /** Units of `currency` per euro, six decimals. */
    exchange_rate: Type.String(),
    reversal_of: Type.Union([Uuid, Type.Null()]),
    posted_at: Timestamp,
    posted_by: Type.String(),
    hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    lines: Type.Array(FinanceEntryLine, { minItems: 2 }),
  },
  { additionalProperties: false, $id: 'FinanceEntryPostedV1' },
);

/** Data of `erp.finance.entry.reversed.v1`: entry `entry_id` was cancelled by the posted reversal `reversal_id`. */
export const FinanceEntryReversedV1 = Type.Object(
  {
    entry_id: Uuid,
    reversal_id: Uuid,
    /** Fiscal year and number of the reversal. */
    fiscal_year: Type.Integer(),
    number: Type.Integer({ minimum: 1 }),
    reversed_at: Timestamp,
    reversed_by: Type.String(),
  },
  { additionalProperties: false, $id: 'FinanceEntryReversedV1' },
);

/** TypeScript shape of {@link FinanceEntryLine}. */
export type FinanceEntryLine = Static<typeof FinanceEntryLine>;
/** TypeScript shape of {@link FinanceEntryPostedV1}. */
export type FinanceEntryPostedV1 = Static<typeof FinanceEntryPostedV1>;
/** TypeScript shape of {@link FinanceEntryReversedV1}. */
export type FinanceEntryReversedV1 = Static<typeof FinanceEntryReversedV1>;

/**
 * Data of `erp.finance.invoice.overdue.v1`: a customer's invoice is `days_overdue` days past its due date and
 * still (partly) open, and has reached dunning level `dunning_level` (1, 2, 3, ... by the days overdue the
 * finance service is configured with). Each level of an invoice is announced once; an invoice that jumps
 * several levels at once (say, after the check was off) announces only the highest. The notification
 * service turns it into a reminder (Zahlungserinnerung, Mahnung).
 */
export const FinanceInvoiceOverdueV1 = Type.Object(
  {
    open_item_id: Uuid,
    /** The invoice's id in the core service (`invoice_id` of `erp.core.order.invoiced.v1`). */
    invoice_id: Type.String(),
    invoice_number: Type.String(),
    invoice_date: Day,
    due_date: Day,
    customer: Type.Object({ id: Uuid, number: Type.String(), name: Type.String() }, { additionalProperties: false }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    original_amount: Amount,
    open_amount: Amount,
    days_overdue: Type.Integer({ minimum: 1 }),
    dunning_level: Type.Integer({ minimum: 1 }),
    /** The business day on which the check found it overdue. */
    as_of: Day,
  },
  { additionalProperties: false, $id: 'FinanceInvoiceOverdueV1' },
);

/** TypeScript shape of {@link FinanceInvoiceOverdueV1}. */
export type FinanceInvoiceOverdueV1 = Static<typeof FinanceInvoiceOverdueV1>;
