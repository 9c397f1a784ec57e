import type { Transaction } from 'kysely';
import { findChartAccounts } from '../db/accounts.js';
import type { FinanceDb } from '../db/schema.js';
import { listTaxCodes } from '../db/tax-codes.js';
import { type ChartLookup, type EntryDraft, toChartLookup } from '../domain/entry.js';

/** The part of the tenant's chart a draft refers to: its lines' accounts and all tax codes. */
export async function loadChartFor(trx: Transaction<FinanceDb>, tenantId: string, draft: EntryDraft): Promise<ChartLookup> {
  const [accounts, taxCodes] = await Promise.all([
    findChartAccounts(
      trx,
      tenantId,
      draft.lines.map((line) => line.account),
    ),
    listTaxCodes(trx, tenantId),
  ]);
  return toChartLookup(accounts, taxCodes);
}
