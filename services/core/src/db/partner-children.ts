import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Address, Contact, PartnerFields } from '../domain/partner.js';
import type { CoreDb, PartnerAddressTable, PartnerContactTable } from './schema.js';

/** The contacts and addresses of several partners, by partner id, in their list order. */
export interface PartnerChildren {
  contacts: Map<string, Contact[]>;
  addresses: Map<string, Address[]>;
}

function contactRowToContact(row: Selectable<PartnerContactTable>): Contact {
  return {
    id: row.id,
    salutation: row.salutation,
    first_name: row.first_name,
    last_name: row.last_name,
    position: row.position,
    email: row.email,
    phone: row.phone,
  };
}

function addressRowToAddress(row: Selectable<PartnerAddressTable>): Address {
  return {
    id: row.id,
    type: row.type,
    is_default: row.is_default,
    addition: row.addition,
    street: row.street,
    postal_code: row.postal_code,
    city: row.city,
    country: row.country,
  };
}

function groupBy<Row extends { partner_id: string }, Item>(rows: Row[], convert: (row: Row) => Item): Map<string, Item[]> {
  const groups = new Map<string, Item[]>();
  for (const row of rows) groups.set(row.partner_id, [...(groups.get(row.partner_id) ?? []), convert(row)]);
  return groups;
}

export async function loadPartnerChildren(db: Kysely<CoreDb>, tenantId: string, partnerIds: string[]): Promise<PartnerChildren> {
  if (partnerIds.length === 0) return { contacts: new Map(), addresses: new Map() };
  const [contacts, addresses] = await Promise.all([
    db.selectFrom('partner_contact').selectAll().where('tenant_id', '=', tenantId).where('partner_id', 'in', partnerIds).orderBy('sort_order').execute(),
    db.selectFrom('partner_address').selectAll().where('tenant_id', '=', tenantId).where('partner_id', 'in', partnerIds).orderBy('sort_order').execute(),
  ]);
  return { contacts: groupBy(contacts, contactRowToContact), addresses: groupBy(addresses, addressRowToAddress) };
}

/** Replaces the partner's contacts and addresses with those of `fields`, keeping their ids. */
export async function replacePartnerChildren(
  trx: Transaction<CoreDb>,
  tenantId: string,
  partnerId: string,
  fields: Pick<PartnerFields, 'contacts' | 'addresses'>,
): Promise<void> {
  await trx.deleteFrom('partner_contact').where('tenant_id', '=', tenantId).where('partner_id', '=', partnerId).execute();
  await trx.deleteFrom('partner_address').where('tenant_id', '=', tenantId).where('partner_id', '=', partnerId).execute();
  if (fields.contacts.length > 0) {
    await trx
      .insertInto('partner_contact')
      .values(fields.contacts.map((contact, index) => ({ ...contact, tenant_id: tenantId, partner_id: partnerId, sort_order: index })))
      .execute();
  }
  if (fields.addresses.length > 0) {
    await trx
      .insertInto('partner_address')
      .values(fields.addresses.map((address, index) => ({ ...address, tenant_id: tenantId, partner_id: partnerId, sort_order: index })))
      .execute();
  }
}
