import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { PartnerRole } from '../domain/number-series.js';
import type { Address, Contact, Partner, PartnerFields } from '../domain/partner.js';
import { loadPartnerChildren, replacePartnerChildren } from './partner-children.js';
import type { CoreDb, PartnerTable } from './schema.js';

export type PartnerRow = Selectable<PartnerTable>;

export function partnerRowToPartner(row: PartnerRow, contacts: Contact[], addresses: Address[]): Partner {
  return {
    id: row.id,
    role: row.role,
    number: row.number,
    kind: row.kind,
    name: row.name,
    company_name: row.company_name,
    salutation: row.salutation,
    title: row.title,
    first_name: row.first_name,
    last_name: row.last_name,
    email: row.email,
    phone: row.phone,
    website: row.website,
    vat_id: row.vat_id,
    tax_number: row.tax_number,
    leitweg_id: row.leitweg_id,
    commercial_register: row.register_court && row.register_number ? { court: row.register_court, number: row.register_number } : null,
    payment_terms: row.payment_net_days === null ? null : { net_days: row.payment_net_days, skonto_percent: row.skonto_percent, skonto_days: row.skonto_days },
    credit_limit: row.credit_limit && row.credit_limit_currency ? { amount: row.credit_limit, currency: row.credit_limit_currency } : null,
    tags: row.tags,
    notes: row.notes,
    contacts,
    addresses,
    version: row.version,
    archived_at: row.archived_at?.toISOString() ?? null,
    erased_at: row.erased_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The partner table's columns for `fields`; contacts and addresses live in their own tables. */
function toPartnerColumns(fields: PartnerFields) {
  return {
    kind: fields.kind,
    company_name: fields.company_name,
    salutation: fields.salutation,
    title: fields.title,
    first_name: fields.first_name,
    last_name: fields.last_name,
    email: fields.email,
    phone: fields.phone,
    website: fields.website,
    vat_id: fields.vat_id,
    tax_number: fields.tax_number,
    leitweg_id: fields.leitweg_id,
    register_court: fields.commercial_register?.court ?? null,
    register_number: fields.commercial_register?.number ?? null,
    payment_net_days: fields.payment_terms?.net_days ?? null,
    skonto_percent: fields.payment_terms?.skonto_percent ?? null,
    skonto_days: fields.payment_terms?.skonto_days ?? null,
    credit_limit: fields.credit_limit?.amount ?? null,
    credit_limit_currency: fields.credit_limit?.currency ?? null,
    tags: fields.tags,
    notes: fields.notes,
  };
}

export interface NewPartner {
  id: string;
  role: PartnerRole;
  number: string;
  numberValue: string;
  fields: PartnerFields;
}

export async function insertPartner(trx: Transaction<CoreDb>, tenantId: string, partner: NewPartner): Promise<void> {
  await trx
    .insertInto('partner')
    .values({
      tenant_id: tenantId,
      id: partner.id,
      role: partner.role,
      number: partner.number,
      number_value: partner.numberValue,
      ...toPartnerColumns(partner.fields),
    })
    .execute();
  await replacePartnerChildren(trx, tenantId, partner.id, partner.fields);
}

/** Writes new fields (and archive or erasure state) of a locked partner and counts its version up. */
export async function updatePartner(
  trx: Transaction<CoreDb>,
  tenantId: string,
  id: string,
  fields: PartnerFields,
  state: { archived_at?: Date | null; erased_at?: Date } = {},
): Promise<void> {
  await trx
    .updateTable('partner')
    .set({ ...toPartnerColumns(fields), ...state, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
  await replacePartnerChildren(trx, tenantId, id, fields);
}

/** Archives (now) or restores a locked partner and counts its version up. */
export async function setArchivedAt(trx: Transaction<CoreDb>, tenantId: string, id: string, archived: boolean): Promise<void> {
  await trx
    .updateTable('partner')
    .set({ archived_at: archived ? sql<Date>`now()` : null, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

async function withChildren(db: Kysely<CoreDb>, tenantId: string, rows: PartnerRow[]): Promise<Partner[]> {
  const children = await loadPartnerChildren(
    db,
    tenantId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => partnerRowToPartner(row, children.contacts.get(row.id) ?? [], children.addresses.get(row.id) ?? []));
}

export async function findPartner(db: Kysely<CoreDb>, tenantId: string, role: PartnerRole, id: string): Promise<Partner | undefined> {
  const row = await db.selectFrom('partner').selectAll().where('tenant_id', '=', tenantId).where('role', '=', role).where('id', '=', id).executeTakeFirst();
  return row ? (await withChildren(db, tenantId, [row]))[0] : undefined;
}

/** The partner with its row locked until the transaction ends, so concurrent changes queue up. */
export async function lockPartner(trx: Transaction<CoreDb>, tenantId: string, role: PartnerRole, id: string): Promise<Partner | undefined> {
  const row = await trx
    .selectFrom('partner')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('role', '=', role)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? (await withChildren(trx, tenantId, [row]))[0] : undefined;
}

/** The partners with these ids (in any order). */
export async function findPartners(db: Kysely<CoreDb>, tenantId: string, role: PartnerRole, ids: string[]): Promise<Partner[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('partner').selectAll().where('tenant_id', '=', tenantId).where('role', '=', role).where('id', 'in', ids).execute();
  return withChildren(db, tenantId, rows);
}

/** Locks and returns the partners with these ids (in any order). */
export async function lockPartners(trx: Transaction<CoreDb>, tenantId: string, role: PartnerRole, ids: string[]): Promise<Partner[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('partner')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('role', '=', role)
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  return withChildren(trx, tenantId, rows);
}

/** Where a page of partners starts: after this number value and id (the list's sort key). */
export interface PartnerPosition {
  numberValue: string;
  id: string;
}

export interface PartnerFilter {
  q?: string | undefined;
  tag?: string | undefined;
  archived: 'false' | 'true' | 'all';
}

function likePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** One page of the tenant's partners of `role`, ordered by number, and where the next page starts. */
export async function listPartners(
  db: Kysely<CoreDb>,
  tenantId: string,
  role: PartnerRole,
  filter: PartnerFilter,
  page: { limit: number; after?: PartnerPosition | undefined },
): Promise<{ partners: Partner[]; next?: PartnerPosition }> {
  let query = db.selectFrom('partner').selectAll().where('tenant_id', '=', tenantId).where('role', '=', role);
  if (filter.archived === 'false') query = query.where('archived_at', 'is', null);
  if (filter.archived === 'true') query = query.where('archived_at', 'is not', null);
  if (filter.tag) query = query.where(sql<boolean>`tags @> array[${filter.tag}]::text[]`);
  if (filter.q) {
    const pattern = likePattern(filter.q.trim());
    query = query.where((where) => where.or([where('name', 'ilike', `%${pattern}%`), where('number', 'ilike', `${pattern}%`)]));
  }
  if (page.after) query = query.where(sql<boolean>`(number_value, id) > (${page.after.numberValue}::bigint, ${page.after.id}::uuid)`);
  const rows = await query
    .orderBy('number_value')
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const partners = await withChildren(db, tenantId, rows.slice(0, page.limit));
  const last = rows[page.limit - 1];
  return rows.length > page.limit && last ? { partners, next: { numberValue: last.number_value, id: last.id } } : { partners };
}

/** The ids of the tenant's partners of `role` with one of these numbers, by number. */
export async function findIdsByNumber(db: Kysely<CoreDb>, tenantId: string, role: PartnerRole, numbers: string[]): Promise<Map<string, string>> {
  if (numbers.length === 0) return new Map();
  const rows = await db
    .selectFrom('partner')
    .select(['id', 'number'])
    .where('tenant_id', '=', tenantId)
    .where('role', '=', role)
    .where('number', 'in', numbers)
    .execute();
  return new Map(rows.map((row) => [row.number, row.id]));
}

/** The ids of the tenant's partners of `role` with one of these VAT ids, by VAT id (several may share one). */
export async function findIdsByVatId(db: Kysely<CoreDb>, tenantId: string, role: PartnerRole, vatIds: string[]): Promise<Map<string, string[]>> {
  if (vatIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('partner')
    .select(['id', 'vat_id'])
    .where('tenant_id', '=', tenantId)
    .where('role', '=', role)
    .where('vat_id', 'in', vatIds)
    .orderBy('number_value')
    .execute();
  const byVatId = new Map<string, string[]>();
  for (const row of rows) if (row.vat_id) byVatId.set(row.vat_id, [...(byVatId.get(row.vat_id) ?? []), row.id]);
  return byVatId;
}
