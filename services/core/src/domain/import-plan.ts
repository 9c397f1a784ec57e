import { type CsvColumn, type CsvRow, columnOf } from './csv-rows.js';
import { normalisePartnerNumber, type PartnerRole } from './number-series.js';
import { type Address, type Contact, type Partner, type PartnerFields, partnerFieldsOf } from './partner.js';
import { type AddressInput, type ContactInput, toAddress, toContact } from './partner-input.js';
import { applyPartnerPatch, diffPartner, type PatchResult, toNewPartnerFields } from './partner-patch.js';
import { type FieldError, validatePartner } from './partner-rules.js';
import { normaliseVatId } from './vat-id.js';

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';

/** Why a row was rejected: the column at fault (`null` for the row as a whole) and what to do. */
export interface RowError {
  column: CsvColumn | null;
  detail: string;
}

/** What importing one row does, decided before anything is written. */
export interface RowPlan {
  row: number;
  outcome: RowOutcome;
  /** The existing partner the row updates. */
  target: Partner | undefined;
  /** The partner's fields after the import (created and updated rows). */
  fields: PartnerFields | undefined;
  changedFields: string[];
  errors: RowError[];
}

/** The existing partners the file's rows can refer to: by number, and by VAT id (several may share one). */
export interface ImportLookups {
  byNumber: ReadonlyMap<string, Partner>;
  byVatId: ReadonlyMap<string, Partner[]>;
}

/**
 * Decides for every row whether it creates a partner, updates one (matched by number, else by USt-IdNr),
 * changes nothing, or is rejected with the reason; two rows about the same partner reject the later one.
 */
export function planImport(role: PartnerRole, rows: CsvRow[], lookups: ImportLookups, newId: () => string): RowPlan[] {
  const claimed = new Map<string, number>();
  return rows.map((row) => {
    const plan = planRow(role, row, lookups, claimed, newId);
    if (row.errors.length === 0) return plan;
    // Cells that could not be read reject the row; the rules of the readable rest are reported with them.
    const unreadable = toRowErrors(row.errors);
    const columns = new Set(unreadable.map((error) => error.column));
    return rejected(row.row, [...unreadable, ...plan.errors.filter((error) => !columns.has(error.column))]);
  });
}

function rejected(row: number, errors: RowError[]): RowPlan {
  return { row, outcome: 'rejected', target: undefined, fields: undefined, changedFields: [], errors };
}

function toRowErrors(errors: FieldError[]): RowError[] {
  return errors.map((error) => ({ column: columnOf(error.pointer) ?? null, detail: error.detail }));
}

function planRow(role: PartnerRole, row: CsvRow, lookups: ImportLookups, claimed: Map<string, number>, newId: () => string): RowPlan {
  const vatId = row.patch.vat_id ? normaliseVatId(row.patch.vat_id) : undefined;
  let target: Partner | undefined;
  if (row.number !== undefined) {
    target = lookups.byNumber.get(normalisePartnerNumber(row.number));
    if (!target) return rejected(row.row, [{ column: 'number', detail: `No ${role} has this number; leave the column empty to create one.` }]);
  } else if (vatId) {
    const matches = lookups.byVatId.get(vatId) ?? [];
    if (matches.length > 1) {
      const numbers = matches.map((partner) => partner.number).join(', ');
      return rejected(row.row, [{ column: 'vat_id', detail: `Matches several ${role}s (${numbers}); fill in the number column to choose one.` }]);
    }
    target = matches[0];
  }
  const claim = target ? `id:${target.id}` : vatId ? `vat:${vatId}` : undefined;
  const earlier = claim ? claimed.get(claim) : undefined;
  if (earlier !== undefined)
    return rejected(row.row, [
      { column: row.number !== undefined ? 'number' : 'vat_id', detail: `Is the same ${role} as row ${earlier}; merge the two rows.` },
    ]);
  if (claim) claimed.set(claim, row.row);
  return target ? planUpdate(role, row, target, newId) : planCreation(role, row, newId);
}

function planCreation(role: PartnerRole, row: CsvRow, newId: () => string): RowPlan {
  const kind = row.patch.kind ?? (row.patch.company_name ? 'company' : 'person');
  const input = { ...row.patch, kind, addresses: row.address ? [row.address] : [], contacts: row.contact ? [row.contact] : [] };
  return planFields(role, row.row, undefined, toNewPartnerFields(input, newId));
}

function planUpdate(role: PartnerRole, row: CsvRow, target: Partner, newId: () => string): RowPlan {
  const column = row.number !== undefined ? 'number' : 'vat_id';
  if (target.erased_at) return rejected(row.row, [{ column, detail: `The personal data of ${target.number} was erased; it cannot be updated.` }]);
  if (target.archived_at) return rejected(row.row, [{ column, detail: `${target.number} is archived; restore it before updating it.` }]);
  const result = applyPartnerPatch(partnerFieldsOf(target), row.patch, newId);
  if (!result.ok) return planFields(role, row.row, target, result);
  const fields = {
    ...result.fields,
    addresses: mergeBillingAddress(result.fields.addresses, row.address, newId),
    contacts: mergeContact(result.fields.contacts, row.contact, newId),
  };
  return planFields(role, row.row, target, { ok: true, fields });
}

function planFields(role: PartnerRole, row: number, target: Partner | undefined, result: PatchResult): RowPlan {
  if (!result.ok) return rejected(row, toRowErrors(result.errors));
  const errors = validatePartner(role, result.fields);
  if (errors.length > 0) return rejected(row, toRowErrors(errors));
  if (!target) return { row, outcome: 'created', target, fields: result.fields, changedFields: [], errors: [] };
  const changedFields = diffPartner(target, result.fields).map((change) => change.field);
  return { row, outcome: changedFields.length > 0 ? 'updated' : 'unchanged', target, fields: result.fields, changedFields, errors: [] };
}

/** Replaces the default (or first) billing address with the row's, keeping its id; adds it if there is none. */
export function mergeBillingAddress(addresses: Address[], input: AddressInput | undefined, newId: () => string): Address[] {
  if (!input) return addresses;
  const defaultIndex = addresses.findIndex((address) => address.type === 'billing' && address.is_default);
  const index = defaultIndex >= 0 ? defaultIndex : addresses.findIndex((address) => address.type === 'billing');
  const existing = addresses[index];
  if (!existing) return [...addresses, toAddress({ ...input, is_default: true }, newId())];
  return addresses.with(index, toAddress({ ...input, is_default: existing.is_default }, existing.id));
}

/** Updates the contact with the row's e-mail address (or, without one, its name), or adds the row's contact. */
export function mergeContact(contacts: Contact[], input: ContactInput | undefined, newId: () => string): Contact[] {
  if (!input) return contacts;
  const email = input.email?.trim().toLowerCase();
  const index = contacts.findIndex((contact) =>
    email ? contact.email === email : contact.last_name === (input.last_name?.trim() ?? null) && contact.first_name === (input.first_name?.trim() ?? null),
  );
  const existing = contacts[index];
  if (!existing) return [...contacts, toContact(input, newId())];
  return contacts.with(index, toContact({ ...existing, ...input }, existing.id));
}
