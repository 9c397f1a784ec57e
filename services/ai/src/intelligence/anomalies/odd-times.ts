import { formatPercent } from '../language.js';
import { type AnalysedEntry, clampScore, type DetectionWindow, type Finding, inWindow } from './finding.js';

/** Night is 22:00 to 06:00 local time. */
const NIGHT_START_HOUR = 22;
const NIGHT_END_HOUR = 6;
/** A user who posts at odd times this often (or more) does so by habit (a nightly import): not flagged. */
const HABIT_SHARE = 0.05;
/** Postings of a user needed before the habit is judged by the user's own, not the tenant's, share. */
const USER_POSTINGS_MIN = 20;

export interface LocalTime {
  readonly hour: number;
  readonly weekend: boolean;
}

/** Hour and weekend of a timestamp in a time zone (IANA name), by the platform's time zone data. */
export function createLocalClock(timeZone: string): (timestamp: string) => LocalTime {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' });
  return (timestamp) => {
    const parts = format.formatToParts(new Date(timestamp));
    const hour = Number(parts.find((part) => part.type === 'hour')?.value ?? 0);
    const weekday = parts.find((part) => part.type === 'weekday')?.value ?? '';
    return { hour, weekend: weekday === 'Sat' || weekday === 'Sun' };
  };
}

const isOdd = (time: LocalTime) => time.weekend || time.hour >= NIGHT_START_HOUR || time.hour < NIGHT_END_HOUR;

/**
 * Postings made at night or on a weekend, by a user who rarely does that (a system user importing every night
 * is not flagged): the base rate of each user, or of the tenant for users with few postings, decides.
 */
export function detectOddPostingTimes(entries: readonly AnalysedEntry[], window: DetectionWindow, timeZone: string): Finding[] {
  const localTime = createLocalClock(timeZone);
  const times = new Map(entries.map((entry) => [entry.id, localTime(entry.postedAt)]));
  const perUser = new Map<string, { odd: number; all: number }>();
  let tenantOdd = 0;
  for (const entry of entries) {
    const odd = isOdd(times.get(entry.id) as LocalTime);
    const user = perUser.get(entry.postedBy) ?? { odd: 0, all: 0 };
    user.all += 1;
    if (odd) user.odd += 1;
    perUser.set(entry.postedBy, user);
    if (odd) tenantOdd += 1;
  }
  const tenantShare = entries.length === 0 ? 0 : tenantOdd / entries.length;
  const findings: Finding[] = [];
  for (const entry of entries) {
    const time = times.get(entry.id) as LocalTime;
    if (!inWindow(entry, window) || !isOdd(time)) continue;
    const user = perUser.get(entry.postedBy) ?? { odd: 0, all: 0 };
    const share = user.all >= USER_POSTINGS_MIN ? user.odd / user.all : tenantShare;
    if (share >= HABIT_SHARE) continue;
    findings.push(oddTimeFinding(entry, time, share, timeZone));
  }
  return findings;
}

function oddTimeFinding(entry: AnalysedEntry, time: LocalTime, share: number, timeZone: string): Finding {
  const when = time.weekend
    ? { de: `am Wochenende um ${time.hour} Uhr`, en: `on a weekend at ${time.hour}:00` }
    : { de: `nachts um ${time.hour} Uhr`, en: `at night at ${time.hour}:00` };
  return {
    kind: 'odd_posting_time',
    score: clampScore(0.5 + (HABIT_SHARE - share) * 6),
    entryIds: [entry.id],
    account: null,
    reason: {
      de: `Gebucht ${when.de} (${timeZone}) von ${entry.postedBy}, der sonst nur zu ${formatPercent(share, 'de')} außerhalb der Geschäftszeiten bucht.`,
      en: `Posted ${when.en} (${timeZone}) by ${entry.postedBy}, who otherwise posts outside business hours in only ${formatPercent(share, 'en')} of cases.`,
    },
    details: { posted_at: entry.postedAt, posted_by: entry.postedBy, local_hour: time.hour, weekend: time.weekend ? 1 : 0 },
  };
}
