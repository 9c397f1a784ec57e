import { Decimal } from 'decimal.js';
import { formatAmount } from '../language.js';
import { type ChartName, isSpendingPair } from '../ledger/chart.js';
import { daysBetween } from '../statistics/dates.js';
import { median } from '../statistics/robust.js';
import { type AnalysedEntry, clampScore, type DetectionWindow, type Finding, inWindow } from './finding.js';

/** How close below a limit counts as "just below": the top 3 % under it. */
const JUST_BELOW_SHARE = 0.03;
/** A counterparty whose amounts are usually at least a third of the limit pays near it for ordinary reasons. */
const USUAL_SHARE_OF_LIMIT = 1 / 3;
/** Another just-below amount of the same counterparty within this many days makes a pattern ... */
const REPEAT_DAYS = 14;
/** ... when at least this share of all the counterparty's amounts lie just below a limit. */
const CLUSTER_SHARE_MIN = 0.2;
/** Parts of a split are each at least this share of the limit, and the largest at most 1.25 times the smallest. */
const SPLIT_PART_SHARE_MIN = 0.2;
const SPLIT_SIZE_RATIO_MAX = 1.25;
/** Each part is at least three times what the counterparty usually gets: a split divides a payment far larger than usual. */
const SPLIT_PART_TO_USUAL_MIN = 3;
/** The counterparty's usual amount is the median of its last 50 entries. */
const USUAL_HISTORY = 50;

export interface ApprovalLimitSettings {
  /** Amounts in EUR above which a payment needs approval, ascending. */
  readonly limits: readonly number[];
  readonly chart: ChartName;
  /** Parts of a split payment lie within this many days. */
  readonly splitWindowDays: number;
}

const limitText = (limit: number) => new Decimal(limit).toFixed(2);

/** Approval limits concern spending: purchase invoices and direct payments, not receipts or settlements. */
function isSpending(entry: AnalysedEntry, chart: ChartName): boolean {
  if (entry.pair === undefined) return false;
  const [debit = '', credit = ''] = entry.pair.split('|');
  return isSpendingPair(chart, debit, credit);
}

function justBelow(value: number, limits: readonly number[]): number | undefined {
  return limits.find((limit) => value < limit && value >= limit * (1 - JUST_BELOW_SHARE));
}

/**
 * Amounts just under an approval limit, when that is unusual for the counterparty (its amounts are usually
 * below a third of the limit, or it is new), or when its amounts cluster there: another one within two weeks
 * before or after, and at least a fifth of all its amounts just under a limit. That is the pattern of
 * someone avoiding a second signature; a large supplier that now and then bills near a limit is not.
 */
export function detectJustBelowLimits(entries: readonly AnalysedEntry[], window: DetectionWindow, settings: ApprovalLimitSettings): Finding[] {
  const history = new Map<string, AnalysedEntry[]>();
  const candidates: { entry: AnalysedEntry; limit: number; unusual: boolean }[] = [];
  for (const entry of entries) {
    if (!isSpending(entry, settings.chart)) continue;
    const earlier = entry.counterparty === '' ? [] : (history.get(entry.counterparty) ?? []);
    const limit = justBelow(entry.value, settings.limits);
    if (limit !== undefined) {
      const usual = earlier.length > 0 ? median(earlier.map((past) => past.value)) : 0;
      candidates.push({ entry, limit, unusual: usual < limit * USUAL_SHARE_OF_LIMIT });
    }
    if (entry.counterparty !== '') history.set(entry.counterparty, earlier);
    earlier.push(entry);
  }
  const clusteredShare = (counterparty: string) => {
    const all = history.get(counterparty) ?? [];
    return all.length === 0 ? 0 : candidates.filter((candidate) => candidate.entry.counterparty === counterparty).length / all.length;
  };
  return candidates
    .filter(({ entry }) => inWindow(entry, window))
    .flatMap(({ entry, limit, unusual }) => {
      const repeated =
        entry.counterparty !== '' &&
        candidates.some(
          (other) =>
            other.entry !== entry &&
            other.entry.counterparty === entry.counterparty &&
            Math.abs(daysBetween(other.entry.postingDate, entry.postingDate)) <= REPEAT_DAYS,
        ) &&
        clusteredShare(entry.counterparty) >= CLUSTER_SHARE_MIN;
      return repeated || unusual ? [justBelowFinding(entry, limit, repeated)] : [];
    });
}

function justBelowFinding(entry: AnalysedEntry, limit: number, repeated: boolean): Finding {
  const gap = new Decimal(limit).minus(entry.amount).toFixed(2);
  return {
    kind: 'just_below_approval_limit',
    score: clampScore((repeated ? 0.8 : 0.6) + (1 - entry.value / limit) * -5),
    entryIds: [entry.id],
    account: entry.pair?.split('|')[0] ?? null,
    reason: {
      de: `${formatAmount(entry.amount, 'de')} EUR liegt ${formatAmount(gap, 'de')} EUR unter der Freigabegrenze von ${formatAmount(limitText(limit), 'de')} EUR${repeated ? ', schon zum wiederholten Mal in zwei Wochen' : ', ungewöhnlich hoch für diesen Partner'}.`,
      en: `${formatAmount(entry.amount, 'en')} EUR is ${formatAmount(gap, 'en')} EUR below the approval limit of ${formatAmount(limitText(limit), 'en')} EUR${repeated ? ', again within two weeks' : ', unusually high for this counterparty'}.`,
    },
    details: { amount: entry.amount, limit: limitText(limit), counterparty: entry.counterparty },
  };
}

/**
 * Split payments: two or more entries of one counterparty and pair within a few days, each below a limit,
 * of nearly the same size, each at least three times the counterparty's usual amount, together reaching the limit.
 * One finding names all parts.
 */
export function detectSplitPayments(entries: readonly AnalysedEntry[], window: DetectionWindow, settings: ApprovalLimitSettings): Finding[] {
  const groups = new Map<string, AnalysedEntry[]>();
  for (const entry of entries) {
    if (entry.counterparty === '' || !isSpending(entry, settings.chart)) continue;
    const key = `${entry.counterparty}|${entry.pair}`;
    const group = groups.get(key) ?? [];
    group.push(entry);
    groups.set(key, group);
  }
  const findings: Finding[] = [];
  for (const group of groups.values()) {
    const used = new Set<string>();
    for (let start = 0; start < group.length; start += 1) {
      const first = group[start] as AnalysedEntry;
      if (used.has(first.id)) continue;
      const parts: AnalysedEntry[] = [];
      for (let next = start; next < group.length; next += 1) {
        const entry = group[next] as AnalysedEntry;
        if (daysBetween(first.postingDate, entry.postingDate) > settings.splitWindowDays) break;
        if (!used.has(entry.id)) parts.push(entry);
      }
      const before = group.slice(Math.max(0, start - USUAL_HISTORY), start).map((entry) => entry.value);
      const usual = before.length > 0 ? median(before) : 0;
      const finding = splitFinding(parts, window, settings.limits, usual);
      if (!finding) continue;
      for (const id of finding.entryIds) used.add(id);
      findings.push(finding);
    }
  }
  return findings;
}

function splitFinding(parts: readonly AnalysedEntry[], window: DetectionWindow, limits: readonly number[], usual: number): Finding | undefined {
  if (parts.length < 2 || !parts.some((part) => inWindow(part, window))) return undefined;
  const values = parts.map((part) => part.value);
  const total = parts.reduce((sum, part) => sum.plus(part.amount), new Decimal(0));
  const limit = [...limits].reverse().find((candidate) => total.greaterThanOrEqualTo(candidate) && values.every((value) => value < candidate));
  if (limit === undefined) return undefined;
  const smallest = Math.min(...values);
  if (smallest < limit * SPLIT_PART_SHARE_MIN || Math.max(...values) > smallest * SPLIT_SIZE_RATIO_MAX || smallest < usual * SPLIT_PART_TO_USUAL_MIN)
    return undefined;
  const first = parts[0] as AnalysedEntry;
  return {
    kind: 'split_payment',
    score: clampScore(0.6 + 0.1 * parts.length),
    entryIds: parts.map((part) => part.id),
    account: first.pair?.split('|')[0] ?? null,
    reason: {
      de: `${parts.length} Buchungen an „${first.counterparty}“ innerhalb weniger Tage, jede unter ${formatAmount(limitText(limit), 'de')} EUR, zusammen ${formatAmount(total.toFixed(2), 'de')} EUR: möglicherweise aufgeteilt, um die Freigabegrenze zu umgehen.`,
      en: `${parts.length} entries to "${first.counterparty}" within a few days, each below ${formatAmount(limitText(limit), 'en')} EUR, together ${formatAmount(total.toFixed(2), 'en')} EUR: possibly split to stay under the approval limit.`,
    },
    details: { total: total.toFixed(2), limit: limitText(limit), parts: parts.length, counterparty: first.counterparty },
  };
}
