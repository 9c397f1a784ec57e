import { accountClass } from '../ledger/chart.js';
import { type BenfordConformity, type BenfordResult, benfordTest, firstDigit } from '../statistics/benford.js';
import { type AnalysedEntry, clampScore, type DetectionWindow, type Finding, inWindow } from './finding.js';

/** Amounts a group needs for the test to mean anything; Nigrini advises more, small ledgers have fewer. */
export const BENFORD_AMOUNTS_MIN = 300;
/** Nigrini leaves out amounts below 10: small amounts follow price points, not Benford. */
const AMOUNT_MIN = 10;
const ENTRIES_NAMED_MAX = 25;

/** The first-digit test of one account group (account class) in the window. */
export interface BenfordGroup {
  readonly group: string;
  readonly count: number;
  readonly mad: number;
  readonly conformity: BenfordConformity;
}

function amountsByGroup(entries: readonly AnalysedEntry[], window: DetectionWindow) {
  const groups = new Map<string, { amount: string; entryId: string; value: number }[]>();
  for (const entry of entries) {
    if (!inWindow(entry, window)) continue;
    for (const line of entry.lines) {
      if (line.isTax || line.value < AMOUNT_MIN) continue;
      const group = accountClass(line.account);
      const lines = groups.get(group) ?? [];
      lines.push({ amount: line.amount, entryId: entry.id, value: line.value });
      groups.set(group, lines);
    }
  }
  return groups;
}

/**
 * Benford's first-digit test per account class over the line amounts of the window, judged by Nigrini's MAD
 * classes. Every tested group is reported; a nonconforming one is also a finding naming the largest entries
 * with the digit that is most over-represented.
 */
export function detectBenford(entries: readonly AnalysedEntry[], window: DetectionWindow): { groups: BenfordGroup[]; findings: Finding[] } {
  const groups: BenfordGroup[] = [];
  const findings: Finding[] = [];
  for (const [group, lines] of [...amountsByGroup(entries, window)].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (lines.length < BENFORD_AMOUNTS_MIN) continue;
    const result = benfordTest(lines.map((line) => line.amount)) as BenfordResult;
    groups.push({ group, count: result.count, mad: Math.round(result.mad * 100_000) / 100_000, conformity: result.conformity });
    if (result.conformity !== 'nonconformity') continue;
    const named = lines
      .filter((line) => firstDigit(line.amount) === result.mostExcessDigit)
      .sort((a, b) => b.value - a.value)
      .map((line) => line.entryId);
    findings.push(benfordFinding(group, result, [...new Set(named)].slice(0, ENTRIES_NAMED_MAX)));
  }
  return { groups, findings };
}

function benfordFinding(group: string, result: BenfordResult, entryIds: string[]): Finding {
  const mad = result.mad.toFixed(4);
  const observed = Math.round((result.observed[result.mostExcessDigit - 1] ?? 0) * 1000) / 10;
  const expected = Math.round(Math.log10(1 + 1 / result.mostExcessDigit) * 1000) / 10;
  return {
    kind: 'benford',
    score: clampScore(result.mad / 0.03),
    entryIds,
    account: group,
    reason: {
      de: `Die ersten Ziffern der ${result.count} Beträge der Kontenklasse ${group} weichen von Benfords Gesetz ab (MAD ${mad}, Nigrini: keine Konformität); die Ziffer ${result.mostExcessDigit} kommt zu ${observed} % statt ${expected} % vor.`,
      en: `The first digits of the ${result.count} amounts of account class ${group} depart from Benford's law (MAD ${mad}, Nigrini: nonconformity); digit ${result.mostExcessDigit} occurs in ${observed}% instead of ${expected}%.`,
    },
    details: { group, count: result.count, mad: Number(mad), digit: result.mostExcessDigit, observed_percent: observed, expected_percent: expected },
  };
}
