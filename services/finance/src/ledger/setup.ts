import type { Transaction } from 'kysely';
import { insertAccounts, templateToNewAccount } from '../db/accounts.js';
import { appendAudit } from '../db/audit-log.js';
import type { FinanceDb } from '../db/schema.js';
import { findSettings, insertSettings, lockChart, type SettingsRow } from '../db/settings.js';
import { insertTaxCodes } from '../db/tax-codes.js';
import type { ChartName } from '../domain/chart.js';
import { chartTemplate } from '../domain/chart-templates.js';
import { AlreadySetUpError } from '../errors.js';
import type { Actor } from './context.js';

export interface SetUpResult {
  settings: SettingsRow;
  accounts: number;
  taxCodes: number;
}

/** Sets a tenant's ledger up once: its chart, the template's accounts and tax codes, all in the caller's transaction. */
export async function setUpLedger(trx: Transaction<FinanceDb>, actor: Actor, chart: ChartName): Promise<SetUpResult> {
  await lockChart(trx, actor.tenantId);
  const existing = await findSettings(trx, actor.tenantId);
  if (existing) throw new AlreadySetUpError(existing.chart);
  const template = chartTemplate(chart);
  await insertSettings(trx, actor.tenantId, chart, actor.actorId);
  await insertAccounts(trx, actor.tenantId, template.accounts.map(templateToNewAccount));
  await insertTaxCodes(trx, actor.tenantId, template.taxCodes);
  const counts = { accounts: template.accounts.length, taxCodes: template.taxCodes.length };
  await appendAudit(trx, { ...actor, action: 'ledger.set_up', subject: chart, details: { accounts: counts.accounts, tax_codes: counts.taxCodes } });
  const settings = await findSettings(trx, actor.tenantId);
  if (!settings) throw new Error('The ledger settings just written are missing');
  return { settings, ...counts };
}
