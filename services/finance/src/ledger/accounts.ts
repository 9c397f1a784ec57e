import type { ProblemFieldError } from '@erp/contracts';
import { withTenant } from '@erp/kit';
import type { Transaction } from 'kysely';
import { type AccountChanges, type AccountRow, findAccount, getAccount, insertAccounts, isAccountInUse, parentsOf, updateAccount } from '../db/accounts.js';
import { appendAudit } from '../db/audit-log.js';
import type { FinanceDb } from '../db/schema.js';
import { getSettings, lockChart } from '../db/settings.js';
import { findTaxCode } from '../db/tax-codes.js';
import { assertValidParent } from '../domain/account-hierarchy.js';
import type { AccountType } from '../domain/chart.js';
import { AccountExistsError, AccountNumberInUseError, PreconditionFailedError, UnknownTaxCodeError, withFieldErrors } from '../errors.js';
import type { Actor, LedgerContext } from './context.js';

export interface NewAccountInput {
  number: string;
  name: string;
  type: AccountType;
  parentNumber: string | null;
  defaultTaxCode: string | null;
}

/** The ETag of an account version; `If-Match` must repeat it to change the account. */
export function accountEtag(account: Pick<AccountRow, 'number' | 'version'>): string {
  return `"${account.number}-${account.version}"`;
}

async function assertTaxCodeExists(trx: Transaction<FinanceDb>, tenantId: string, code: string | null | undefined): Promise<void> {
  if (!code || (await findTaxCode(trx, tenantId, code))) return;
  const problem: ProblemFieldError = { pointer: '/default_tax_code', detail: `Tax code "${code}" does not exist.` };
  throw withFieldErrors(UnknownTaxCodeError, [problem], 1);
}

/** Adds a custom account to a set-up chart, in the caller's transaction. */
export async function createAccount(trx: Transaction<FinanceDb>, actor: Actor, input: NewAccountInput): Promise<AccountRow> {
  await getSettings(trx, actor.tenantId);
  await lockChart(trx, actor.tenantId);
  if (await findAccount(trx, actor.tenantId, input.number)) throw new AccountExistsError(input.number);
  if (input.parentNumber) {
    const parents = await parentsOf(trx, actor.tenantId);
    assertValidParent(input.number, input.parentNumber, (number) => parents.get(number));
  }
  await assertTaxCodeExists(trx, actor.tenantId, input.defaultTaxCode);
  await insertAccounts(trx, actor.tenantId, [{ ...input, origin: 'custom' }]);
  await appendAudit(trx, { ...actor, action: 'account.created', subject: input.number, details: { name: input.name, type: input.type } });
  return getAccount(trx, actor.tenantId, input.number);
}

async function assertRenumberable(trx: Transaction<FinanceDb>, tenantId: string, from: string, to: string): Promise<void> {
  if (await isAccountInUse(trx, tenantId, from)) throw new AccountNumberInUseError(from);
  if (await findAccount(trx, tenantId, to)) throw new AccountExistsError(to);
}

/**
 * Changes an account's name, inactive flag, parent, default tax code, or its number while nothing refers to
 * it. With `ifMatch`, the change applies only to the version the client read.
 */
export async function changeAccount(context: LedgerContext, actor: Actor, number: string, changes: AccountChanges, ifMatch?: string): Promise<AccountRow> {
  return withTenant(context.db, actor.tenantId, async (trx) => {
    await lockChart(trx, actor.tenantId);
    const current = await getAccount(trx, actor.tenantId, number);
    if (ifMatch !== undefined && ifMatch !== accountEtag(current)) throw new PreconditionFailedError(accountEtag(current));
    if (changes.number !== undefined && changes.number !== number) await assertRenumberable(trx, actor.tenantId, number, changes.number);
    if (changes.parentNumber) {
      const parents = await parentsOf(trx, actor.tenantId);
      assertValidParent(number, changes.parentNumber, (candidate) => parents.get(candidate));
    }
    await assertTaxCodeExists(trx, actor.tenantId, changes.defaultTaxCode);
    const updated = await updateAccount(trx, actor.tenantId, number, changes);
    const details = { before: toAuditShape(current), after: toAuditShape(updated) };
    await appendAudit(trx, { ...actor, action: 'account.updated', subject: updated.number, details });
    return updated;
  });
}

function toAuditShape(account: AccountRow): Record<string, unknown> {
  return {
    number: account.number,
    name: account.name,
    inactive: account.inactive,
    parent_number: account.parent_number,
    default_tax_code: account.default_tax_code,
  };
}
