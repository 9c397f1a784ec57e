import { formatAmount, formatPercent } from '../language.js';
import { daysBetween } from '../statistics/dates.js';
import { type AnalysedEntry, clampScore, type DetectionWindow, type Finding, inWindow } from './finding.js';

/** Earlier entries of a counterparty needed before its usual pair is known. */
const HISTORY_MIN = 5;
/** Share of the counterparty's entries its usual pair must have for a new pair to stand out. */
const DOMINANT_SHARE_MIN = 0.8;
/** Identical bookings of a document reference this far apart are still duplicates. */
const SAME_DOCUMENT_DAYS = 90;

function byCounterparty(entries: readonly AnalysedEntry[]): Map<string, AnalysedEntry[]> {
  const groups = new Map<string, AnalysedEntry[]>();
  for (const entry of entries) {
    if (entry.counterparty === '' || entry.pair === undefined) continue;
    const group = groups.get(entry.counterparty) ?? [];
    group.push(entry);
    groups.set(entry.counterparty, group);
  }
  return groups;
}

/**
 * An account pair a counterparty never had before, when one pair dominates its history: a telephone bill
 * posted to travel expenses. The entries must be sorted by posting date.
 */
export function detectUnusualPairs(entries: readonly AnalysedEntry[], window: DetectionWindow): Finding[] {
  const findings: Finding[] = [];
  for (const [counterparty, group] of byCounterparty(entries)) {
    const seen = new Map<string, number>();
    group.forEach((entry, index) => {
      const pair = entry.pair as string;
      if (index >= HISTORY_MIN && inWindow(entry, window) && !seen.has(pair)) {
        const [usual, usualCount] = [...seen].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
        const share = usualCount / index;
        if (share >= DOMINANT_SHARE_MIN) findings.push(unusualPairFinding(entry, counterparty, usual, share, index));
      }
      seen.set(pair, (seen.get(pair) ?? 0) + 1);
    });
  }
  return findings;
}

function unusualPairFinding(entry: AnalysedEntry, counterparty: string, usual: string, share: number, history: number): Finding {
  const [debit, credit] = (entry.pair as string).split('|');
  const [usualDebit, usualCredit] = usual.split('|');
  return {
    kind: 'unusual_account_pair',
    score: clampScore(share * (1 - 1 / history)),
    entryIds: [entry.id],
    account: debit ?? null,
    reason: {
      de: `„${counterparty}“ wurde bisher zu ${formatPercent(share, 'de')} auf ${usualDebit} an ${usualCredit} gebucht (${history} Buchungen), jetzt erstmals ${debit} an ${credit}.`,
      en: `"${counterparty}" was posted ${usualDebit} to ${usualCredit} in ${formatPercent(share, 'en')} of ${history} entries, now for the first time ${debit} to ${credit}.`,
    },
    details: { counterparty, pair: entry.pair as string, usual_pair: usual, usual_share: Math.round(share * 1000) / 1000, history },
  };
}

/**
 * Probable double postings: the same counterparty, amount and account pair within `windowDays`, or the same
 * document reference with the same amount and pair within 90 days. The later entry is the finding; the
 * earlier is named with it.
 */
export function detectDuplicates(entries: readonly AnalysedEntry[], window: DetectionWindow, windowDays: number): Finding[] {
  const findings: Finding[] = [];
  const groups = new Map<string, AnalysedEntry[]>();
  for (const entry of entries) {
    if (entry.pair === undefined) continue;
    const keys = [entry.counterparty === '' ? undefined : `c:${entry.counterparty}|${entry.amount}|${entry.pair}`];
    if (entry.documentRef.trim().length >= 3) keys.push(`d:${entry.documentRef.trim().toLowerCase()}|${entry.amount}|${entry.pair}`);
    for (const key of keys) {
      if (key === undefined) continue;
      const group = groups.get(key) ?? [];
      group.push(entry);
      groups.set(key, group);
    }
  }
  const flagged = new Set<string>();
  for (const [key, group] of groups) {
    const limit = key.startsWith('d:') ? SAME_DOCUMENT_DAYS : windowDays;
    for (let index = 1; index < group.length; index += 1) {
      const earlier = group[index - 1] as AnalysedEntry;
      const later = group[index] as AnalysedEntry;
      const apart = daysBetween(earlier.postingDate, later.postingDate);
      if (apart > limit || !inWindow(later, window) || flagged.has(later.id)) continue;
      flagged.add(later.id);
      findings.push(duplicateFinding(later, earlier, apart, key.startsWith('d:')));
    }
  }
  return findings;
}

function duplicateFinding(later: AnalysedEntry, earlier: AnalysedEntry, apart: number, sameDocument: boolean): Finding {
  const what = sameDocument
    ? { de: `mit demselben Beleg „${later.documentRef}“`, en: `with the same document "${later.documentRef}"` }
    : { de: `an „${later.counterparty}“`, en: `to "${later.counterparty}"` };
  return {
    kind: 'duplicate',
    score: clampScore(sameDocument ? 0.95 : 0.9 - apart * 0.05),
    entryIds: [later.id, earlier.id],
    account: later.pair?.split('|')[0] ?? null,
    reason: {
      de: `Wahrscheinlich doppelt: ${formatAmount(later.amount, 'de')} EUR ${what.de} wurde ${apart} Tag(e) vorher schon gleich gebucht.`,
      en: `Probably a duplicate: ${formatAmount(later.amount, 'en')} EUR ${what.en} was posted the same way ${apart} day(s) before.`,
    },
    details: { amount: later.amount, days_apart: apart, counterparty: later.counterparty, document_ref: later.documentRef },
  };
}
