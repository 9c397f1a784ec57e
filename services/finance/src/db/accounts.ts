import { type Kysely, sql, type Transaction } from 'kysely';
import type { AccountType, TemplateAccount } from '../domain/chart.js';
import type { ChartAccount } from '../domain/entry.js';
import { AccountNotFoundError } from '../errors.js';
import type { FinanceDb } from './schema.js';

export interface AccountRow {
  number: string;
  name: string;
  type: AccountType;
  parent_number: string | null;
  default_tax_code: string | null;
  inactive: boolean;
  origin: 'template' | 'custom';
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = ['number', 'name', 'type', 'parent_number', 'default_tax_code', 'inactive', 'origin', 'version', 'created_at', 'updated_at'] as const;

export async function findAccount(db: Kysely<FinanceDb>, tenantId: string, number: string): Promise<AccountRow | undefined> {
  return db.selectFrom('account').select(COLUMNS).where('tenant_id', '=', tenantId).where('number', '=', number).executeTakeFirst();
}

export async function getAccount(db: Kysely<FinanceDb>, tenantId: string, number: string): Promise<AccountRow> {
  const account = await findAccount(db, tenantId, number);
  if (!account) throw new AccountNotFoundError(number);
  return account;
}

export interface AccountFilter {
  limit: number;
  after?: string | undefined;
  type?: AccountType | undefined;
  includeInactive: boolean;
}

/** A page of accounts in number order, and the number after which the next page starts. */
export async function listAccounts(db: Kysely<FinanceDb>, tenantId: string, filter: AccountFilter): Promise<{ accounts: AccountRow[]; next?: string }> {
  let query = db.selectFrom('account').select(COLUMNS).where('tenant_id', '=', tenantId);
  if (filter.after) query = query.where('number', '>', filter.after);
  if (filter.type) query = query.where('type', '=', filter.type);
  if (!filter.includeInactive) query = query.where('inactive', '=', false);
  const rows = await query
    .orderBy('number')
    .limit(filter.limit + 1)
    .execute();
  const accounts = rows.slice(0, filter.limit);
  const last = accounts.at(-1);
  return rows.length > filter.limit && last ? { accounts, next: last.number } : { accounts };
}

/** The accounts among `numbers` as the posting rules see them. */
export async function findChartAccounts(db: Kysely<FinanceDb>, tenantId: string, numbers: readonly string[]): Promise<ChartAccount[]> {
  if (numbers.length === 0) return [];
  const rows = await db
    .selectFrom('account')
    .select(['number', 'inactive', 'default_tax_code', 'type'])
    .where('tenant_id', '=', tenantId)
    .where('number', 'in', [...new Set(numbers)])
    .execute();
  return rows.map((row) => ({ number: row.number, inactive: row.inactive, defaultTaxCode: row.default_tax_code, type: row.type }));
}

/** The parent of every account of the tenant, for hierarchy checks. */
export async function parentsOf(db: Kysely<FinanceDb>, tenantId: string): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('account').select(['number', 'parent_number']).where('tenant_id', '=', tenantId).execute();
  return new Map(rows.map((row) => [row.number, row.parent_number]));
}

export interface NewAccount {
  number: string;
  name: string;
  type: AccountType;
  parentNumber: string | null;
  defaultTaxCode: string | null;
  origin: 'template' | 'custom';
}

export async function insertAccounts(trx: Transaction<FinanceDb>, tenantId: string, accounts: readonly NewAccount[]): Promise<void> {
  if (accounts.length === 0) return;
  await trx
    .insertInto('account')
    .values(
      accounts.map((account) => ({
        tenant_id: tenantId,
        number: account.number,
        name: account.name,
        type: account.type,
        parent_number: account.parentNumber,
        default_tax_code: account.defaultTaxCode,
        origin: account.origin,
      })),
    )
    .execute();
}

export function templateToNewAccount(account: TemplateAccount): NewAccount {
  return {
    number: account.number,
    name: account.name,
    type: account.type,
    parentNumber: account.parent ?? null,
    defaultTaxCode: account.taxCode ?? null,
    origin: 'template',
  };
}

export interface AccountChanges {
  number?: string | undefined;
  name?: string | undefined;
  inactive?: boolean | undefined;
  parentNumber?: string | null | undefined;
  defaultTaxCode?: string | null | undefined;
}

/** Applies `changes` and moves the version on; returns the changed row. */
export async function updateAccount(trx: Transaction<FinanceDb>, tenantId: string, number: string, changes: AccountChanges): Promise<AccountRow> {
  return trx
    .updateTable('account')
    .set({
      ...(changes.number !== undefined ? { number: changes.number } : {}),
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.inactive !== undefined ? { inactive: changes.inactive } : {}),
      ...(changes.parentNumber !== undefined ? { parent_number: changes.parentNumber } : {}),
      ...(changes.defaultTaxCode !== undefined ? { default_tax_code: changes.defaultTaxCode } : {}),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('number', '=', number)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Whether any journal line or tax code refers to the account, which freezes its number. */
export async function isAccountInUse(db: Kysely<FinanceDb>, tenantId: string, number: string): Promise<boolean> {
  const { rows } = await sql<{ used: boolean }>`
    select exists (select 1 from journal_line where tenant_id = ${tenantId} and account = ${number})
        or exists (select 1 from tax_code where tenant_id = ${tenantId} and (output_tax_account = ${number} or input_tax_account = ${number})) as used`.execute(
    db,
  );
  return rows[0]?.used === true;
}
