import { withTenant } from '@erp/kit';
import { Decimal } from 'decimal.js';
import Type from 'typebox';
import { findGeneration } from '../../db/ledger-entries.js';
import { loadEvidence } from '../../db/ledger-model.js';
import { findAnomalies } from '../../intelligence/anomaly-flow.js';
import { forecastBankBalance, inLanguage } from '../../intelligence/forecast-flow.js';
import { NEUTRAL_SCENARIO } from '../../intelligence/forecasting/liquidity-forecast.js';
import { isBankOrCashAccount } from '../../intelligence/ledger/chart.js';
import { addDays } from '../../intelligence/statistics/dates.js';
import { lookupTokens, rankProposals } from '../../intelligence/suggestions/rank.js';
import { proposalReason } from '../../intelligence/suggestions/reasons.js';
import { prepareQuery } from '../../intelligence/suggestions/suggestion-input.js';
import { tenantChart } from '../../intelligence/tenant-chart.js';
import { defineTool, missingPermission } from './tool.js';
import { AMOUNT_PATTERN, DAY_PATTERN, formatMoney, say } from './wording.js';

// The finance intelligence runs in this service; its routes need ai.suggestions:read, and so do these tools.
const PERMISSION = 'ai.suggestions:read';
const FINDINGS_MAX = 10;
const DEFAULT_RANGE_DAYS = 90;

export const anomaliesTool = defineTool({
  name: 'anomalies',
  description:
    'Unusual journal entries posted in a date range (default: the last 90 days): amount outliers, unusual account pairs, duplicates, amounts just below approval limits, split payments, odd posting times, Benford deviations, monthly variances.',
  parameters: Type.Object(
    { from: Type.Optional(Type.String({ pattern: DAY_PATTERN })), to: Type.Optional(Type.String({ pattern: DAY_PATTERN })) },
    { additionalProperties: false },
  ),
  async run(context, input) {
    const refused = missingPermission(context, PERMISSION);
    if (refused) return refused;
    const to = input.to ?? context.today;
    const from = input.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
    const request = { from, to, approvalLimits: context.intelligence.settings.approvalLimits, chart: undefined };
    const { report } = (await findAnomalies(context.intelligence, context.tenantId, request)).result;
    const findings = report.findings.slice(0, FINDINGS_MAX).map((finding) => ({
      kind: finding.kind,
      score: finding.score,
      reason: finding.reason[context.language],
      entry_ids: finding.entryIds.slice(0, 3),
    }));
    const data = { from, to, entries_checked: report.entriesChecked, flagged_entries: report.flaggedEntries, findings_total: report.findings.length, findings };
    const summary = say(
      context.language,
      `${report.findings.length} Auffälligkeit(en) in ${report.entriesChecked} Buchungen vom ${from} bis ${to}`,
      `${report.findings.length} finding(s) in ${report.entriesChecked} entries from ${from} to ${to}`,
    );
    return { ok: true, data, summary };
  },
});

export const liquidityForecastTool = defineTool({
  name: 'liquidity_forecast',
  description:
    'Forecast of the bank and cash balance for the coming weeks from the posted ledger, with the lowest balance, a worded summary and recommendations.',
  parameters: Type.Object(
    { horizon_weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 52, description: 'Weeks ahead; 13 when absent.' })) },
    { additionalProperties: false },
  ),
  async run(context, input) {
    const refused = missingPermission(context, PERMISSION);
    if (refused) return refused;
    const request = {
      asOf: context.today,
      horizonWeeks: input.horizon_weeks ?? 13,
      scenario: NEUTRAL_SCENARIO,
      openItems: [],
      minimumBalance: '0.00',
      chart: undefined,
      cacheable: true,
    };
    const forecast = inLanguage((await forecastBankBalance(context.intelligence, context.tenantId, request)).answer, context.language);
    const start = { end: forecast.as_of, balance: forecast.opening_balance };
    const lowest = forecast.weeks.reduce((low, week) => (new Decimal(week.balance).lessThan(low.balance) ? week : low), forecast.weeks[0] ?? start);
    const end = forecast.weeks.at(-1)?.balance ?? forecast.opening_balance;
    const data = {
      as_of: forecast.as_of,
      currency: 'EUR',
      opening_balance: forecast.opening_balance,
      horizon_weeks: request.horizonWeeks,
      end_balance: end,
      lowest_balance: lowest.balance,
      lowest_week_end: lowest.end,
      history_months: forecast.history_months,
      summary: forecast.report.summary,
      recommendations: forecast.report.recommendations.map((recommendation) => recommendation.text),
      months: forecast.months.map((month) => ({ end: month.end, balance: month.balance, lower_80: month.lower_80, upper_80: month.upper_80 })),
    };
    const summary = say(
      context.language,
      `Prognose über ${request.horizonWeeks} Wochen: Endstand ${formatMoney(end, 'EUR', 'de')}, Tiefststand ${formatMoney(lowest.balance, 'EUR', 'de')}`,
      `Forecast over ${request.horizonWeeks} weeks: ending at ${formatMoney(end, 'EUR', 'en')}, lowest ${formatMoney(lowest.balance, 'EUR', 'en')}`,
    );
    return { ok: true, data, summary };
  },
});

export const suggestPostingTool = defineTool({
  name: 'suggest_posting',
  description:
    "Proposes the debit and credit accounts (and tax code) for a booking text, learned from the company's posted entries. Use it before create_draft_entry when the user did not name the accounts.",
  parameters: Type.Object(
    {
      description: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'The booking text, e.g. "office supplies".' }),
      amount: Type.Optional(Type.String({ pattern: AMOUNT_PATTERN, description: 'Gross amount, e.g. "119.00".' })),
    },
    { additionalProperties: false },
  ),
  async run(context, input) {
    const refused = missingPermission(context, PERMISSION);
    if (refused) return refused;
    const prepared = prepareQuery({ kind: 'draft_entry', description: input.description, amount: input.amount });
    // Read only: unlike the suggestions route, nothing is stored, since the assistant takes no feedback.
    const { chart, evidence } = await withTenant(context.intelligence.db, context.tenantId, async (trx) => ({
      chart: await tenantChart(context.intelligence, trx, context.tenantId, await findGeneration(trx, context.tenantId)),
      evidence: await loadEvidence(trx, context.tenantId, lookupTokens(prepared.query)),
    }));
    const ranked = rankProposals(prepared.query, evidence, { limit: 3, isBankAccount: (account) => isBankOrCashAccount(chart, account) });
    const proposals = ranked.map((proposal) => ({
      debit_account: proposal.label.debitAccount,
      credit_account: proposal.label.creditAccount,
      tax_code: proposal.label.taxCode,
      confidence: proposal.confidence,
      reason: proposalReason(proposal, context.language),
    }));
    const first = proposals[0];
    const summary = first
      ? say(
          context.language,
          `Vorschlag: ${first.debit_account} an ${first.credit_account}`,
          `Proposal: debit ${first.debit_account}, credit ${first.credit_account}`,
        )
      : say(context.language, 'Kein Vorschlag: zu wenig gelernte Buchungen', 'No proposal: too few learned entries');
    return { ok: true, data: { learned_entries: evidence.entries, proposals }, summary };
  },
});
