import { formatAmount } from '../language.js';
import { type ChartName, isSettlementAccount } from '../ledger/chart.js';
import { type RobustScale, robustScale, robustZFrom } from '../statistics/robust.js';
import { type AnalysedEntry, clampScore, type DetectionWindow, type Finding, inWindow } from './finding.js';

/** Lines an account needs before its amounts are judged. */
const ACCOUNT_LINES_MIN = 12;
/** Iglewicz and Hoaglin's cut-off for the modified z-score. */
export const OUTLIER_Z = 3.5;
/** Unusually small amounts are rarely a control risk; they must stand out further to be reported. */
const LOW_OUTLIER_Z = -5;
/** Besides the z-score, the amount must be this many times the median (or a fraction of it): small spreads alone flag nothing. */
const RATIO_MIN = 3;

/**
 * Amounts unusual for their account: the robust z-score (median and MAD) of the line amount's logarithm
 * against all lines of the account in the window and its history. Logarithms, because amounts spread by
 * factors, not by sums; one finding per entry, for its most unusual line. Bank, receivable and payable lines
 * only mirror the entry's other side and are not judged on their own.
 */
export function detectAmountOutliers(entries: readonly AnalysedEntry[], window: DetectionWindow, chart: ChartName): Finding[] {
  const byAccount = new Map<string, number[]>();
  for (const entry of entries)
    for (const line of entry.lines) {
      if (line.isTax || line.value <= 0 || isSettlementAccount(chart, line.account)) continue;
      const values = byAccount.get(line.account) ?? [];
      values.push(Math.log10(line.value));
      byAccount.set(line.account, values);
    }
  const scales = new Map<string, RobustScale>();
  for (const [account, values] of byAccount) if (values.length >= ACCOUNT_LINES_MIN) scales.set(account, robustScale(values));
  const findings: Finding[] = [];
  for (const entry of entries) {
    if (!inWindow(entry, window)) continue;
    let worst: { account: string; z: number; amount: string; medianValue: number } | undefined;
    for (const line of entry.lines) {
      const scale = scales.get(line.account);
      if (line.isTax || line.value <= 0 || !scale) continue;
      const z = robustZFrom(Math.log10(line.value), scale);
      const medianValue = 10 ** scale.centre;
      const ratio = line.value / medianValue;
      if ((z < OUTLIER_Z && z > LOW_OUTLIER_Z) || (ratio < RATIO_MIN && ratio > 1 / RATIO_MIN)) continue;
      if (!worst || Math.abs(z) > Math.abs(worst.z)) worst = { account: line.account, z, amount: line.amount, medianValue };
    }
    if (worst) findings.push(outlierFinding(entry, worst));
  }
  return findings;
}

function outlierFinding(entry: AnalysedEntry, worst: { account: string; z: number; amount: string; medianValue: number }): Finding {
  const typical = worst.medianValue.toFixed(2);
  const z = Number.isFinite(worst.z) ? Math.round(worst.z * 10) / 10 : worst.z > 0 ? 99 : -99;
  const direction = z > 0 ? { de: 'weit über', en: 'far above' } : { de: 'weit unter', en: 'far below' };
  return {
    kind: 'amount_outlier',
    score: clampScore((Math.abs(z) - OUTLIER_Z) / 10 + 0.5),
    entryIds: [entry.id],
    account: worst.account,
    reason: {
      de: `${formatAmount(worst.amount, 'de')} EUR auf Konto ${worst.account} liegt ${direction.de} dem Üblichen (Median ${formatAmount(typical, 'de')} EUR, robuster z-Wert ${z}).`,
      en: `${formatAmount(worst.amount, 'en')} EUR on account ${worst.account} is ${direction.en} the usual (median ${formatAmount(typical, 'en')} EUR, robust z-score ${z}).`,
    },
    details: { amount: worst.amount, median: typical, robust_z: z },
  };
}
