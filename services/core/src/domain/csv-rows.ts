import type { AddressInput, ContactInput, PartnerPatch } from './partner-input.js';
import type { FieldError } from './partner-rules.js';

/** The columns a CSV import understands; every one is optional, an empty cell leaves a field as it is. */
export const CSV_COLUMNS = [
  'number',
  'kind',
  'company_name',
  'salutation',
  'title',
  'first_name',
  'last_name',
  'email',
  'phone',
  'website',
  'vat_id',
  'tax_number',
  'leitweg_id',
  'register_court',
  'register_number',
  'payment_net_days',
  'skonto_percent',
  'skonto_days',
  'credit_limit',
  'credit_limit_currency',
  'tags',
  'notes',
  'street',
  'addition',
  'postal_code',
  'city',
  'country',
  'contact_salutation',
  'contact_first_name',
  'contact_last_name',
  'contact_position',
  'contact_email',
  'contact_phone',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** One data row turned into the partner input it stands for, with what could not be read. */
export interface CsvRow {
  row: number;
  /** The partner number to update, if the row names one. */
  number: string | undefined;
  /** Scalar fields only; the row's address and contact are merged separately. */
  patch: PartnerPatch;
  /** The billing address of the row, if it has one. */
  address: AddressInput | undefined;
  contact: ContactInput | undefined;
  errors: FieldError[];
}

const TEXT_COLUMNS = [
  'company_name',
  'salutation',
  'title',
  'first_name',
  'last_name',
  'email',
  'phone',
  'website',
  'vat_id',
  'tax_number',
  'leitweg_id',
  'notes',
] as const satisfies readonly (CsvColumn & keyof PartnerPatch)[];

const CONTACT_COLUMNS = {
  contact_salutation: 'salutation',
  contact_first_name: 'first_name',
  contact_last_name: 'last_name',
  contact_position: 'position',
  contact_email: 'email',
  contact_phone: 'phone',
} as const satisfies Partial<Record<CsvColumn, keyof ContactInput>>;

// Where each field of the partner document comes from in the file, to point errors at a column.
const FIELD_COLUMNS: Readonly<Record<string, CsvColumn>> = {
  '/commercial_register/court': 'register_court',
  '/commercial_register/number': 'register_number',
  '/commercial_register': 'register_number',
  '/payment_terms/net_days': 'payment_net_days',
  '/payment_terms/skonto_percent': 'skonto_percent',
  '/payment_terms/skonto_days': 'skonto_days',
  '/payment_terms': 'payment_net_days',
  '/credit_limit/amount': 'credit_limit',
  '/credit_limit/currency': 'credit_limit_currency',
  '/credit_limit': 'credit_limit',
};

const CONTACT_FIELD_COLUMNS: Readonly<Record<string, CsvColumn>> = Object.fromEntries(
  Object.entries(CONTACT_COLUMNS).map(([column, field]) => [field, column as CsvColumn]),
);

/** The column a pointer into the partner document (`/vat_id`, `/addresses/0/city`) comes from, if any. */
export function columnOf(pointer: string): CsvColumn | undefined {
  const mapped = FIELD_COLUMNS[pointer];
  if (mapped) return mapped;
  const contact = /^\/contacts\/\d+(?:\/(\w+))?$/.exec(pointer);
  if (contact) return CONTACT_FIELD_COLUMNS[contact[1] ?? 'last_name'];
  const field = pointer.replace(/^\/addresses\/\d+/, '').replace(/^\//, '');
  return (CSV_COLUMNS as readonly string[]).includes(field) ? (field as CsvColumn) : undefined;
}

/** Turns one record into partner input; a cell that cannot be read yields an error pointing at its column. */
export function csvRecordToRow(columns: CsvColumn[], record: { row: number; cells: string[] }): CsvRow {
  const cells = new Map<CsvColumn, string>();
  columns.forEach((column, index) => {
    const value = record.cells[index]?.trim();
    if (value) cells.set(column, value);
  });
  const errors: FieldError[] = [];
  const fail = (column: CsvColumn, detail: string): void => {
    errors.push({ pointer: `/${column}`, detail });
  };
  const patch: PartnerPatch = {};
  for (const column of TEXT_COLUMNS) if (cells.has(column)) patch[column] = cells.get(column);
  const kind = cells.get('kind')?.toLowerCase();
  if (kind === 'company' || kind === 'person') patch.kind = kind;
  else if (kind !== undefined) fail('kind', 'must be "company" or "person".');
  const tags = cells.get('tags');
  if (tags !== undefined) patch.tags = [...new Set(tags.split(/[|;,]/).map((tag) => tag.trim()))].filter(Boolean);
  readRegister(cells, patch, fail);
  readPaymentTerms(cells, patch, fail);
  readCreditLimit(cells, patch, fail);
  return { row: record.row, number: cells.get('number'), patch, address: readAddress(cells, fail), contact: readContact(cells), errors };
}

type Fail = (column: CsvColumn, detail: string) => void;

function readRegister(cells: Map<CsvColumn, string>, patch: PartnerPatch, fail: Fail): void {
  const court = cells.get('register_court');
  const number = cells.get('register_number');
  if (court && number) patch.commercial_register = { court, number };
  else if (court || number) fail(court ? 'register_number' : 'register_court', 'is needed together with the other register column.');
}

function readPaymentTerms(cells: Map<CsvColumn, string>, patch: PartnerPatch, fail: Fail): void {
  const netDays = cells.get('payment_net_days');
  const percent = cells.get('skonto_percent');
  const skontoDays = cells.get('skonto_days');
  if (netDays === undefined && percent === undefined && skontoDays === undefined) return;
  if (netDays === undefined) {
    fail('payment_net_days', 'is needed when the row sets Skonto.');
    return;
  }
  const net = readInteger(netDays);
  const days = skontoDays === undefined ? null : readInteger(skontoDays);
  if (net === undefined) fail('payment_net_days', 'must be a whole number of days.');
  if (days === undefined) fail('skonto_days', 'must be a whole number of days.');
  const skontoPercent = percent === undefined ? null : readDecimal(percent);
  if (skontoPercent === undefined) fail('skonto_percent', 'must be a number such as 2 or 2,5.');
  if (net !== undefined && days !== undefined && skontoPercent !== undefined)
    patch.payment_terms = { net_days: net, skonto_percent: skontoPercent, skonto_days: days };
}

function readCreditLimit(cells: Map<CsvColumn, string>, patch: PartnerPatch, fail: Fail): void {
  const amount = cells.get('credit_limit');
  const currency = cells.get('credit_limit_currency');
  if (amount === undefined) {
    if (currency !== undefined) fail('credit_limit', 'is needed when the row names a credit limit currency.');
    return;
  }
  const value = readDecimal(amount);
  if (value === undefined) fail('credit_limit', 'must be an amount such as 5000 or 5000,00, without thousands separators.');
  else patch.credit_limit = { amount: value, currency: (currency ?? 'EUR').toUpperCase() };
}

function readAddress(cells: Map<CsvColumn, string>, fail: Fail): AddressInput | undefined {
  const columns = ['street', 'addition', 'postal_code', 'city', 'country'] as const;
  if (!columns.some((column) => cells.has(column))) return undefined;
  for (const column of ['street', 'postal_code', 'city'] as const) if (!cells.has(column)) fail(column, 'is needed for the billing address.');
  return {
    type: 'billing',
    is_default: true,
    addition: cells.get('addition') ?? null,
    street: cells.get('street') ?? '',
    postal_code: cells.get('postal_code') ?? '',
    city: cells.get('city') ?? '',
    country: cells.get('country') ?? 'DE',
  };
}

function readContact(cells: Map<CsvColumn, string>): ContactInput | undefined {
  const entries = Object.entries(CONTACT_COLUMNS).flatMap(([column, field]) => {
    const value = cells.get(column as CsvColumn);
    return value === undefined ? [] : [[field, value]];
  });
  return entries.length > 0 ? (Object.fromEntries(entries) as ContactInput) : undefined;
}

function readInteger(text: string): number | undefined {
  return /^\d{1,3}$/.test(text) ? Number(text) : undefined;
}

/** A decimal with a point or, as German spreadsheets write it, a comma; no thousands separators. */
function readDecimal(text: string): string | undefined {
  return /^\d{1,13}([.,]\d{1,2})?$/.test(text) ? text.replace(',', '.') : undefined;
}
