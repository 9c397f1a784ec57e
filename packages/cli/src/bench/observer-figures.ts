/** Which window comes first in a round: alternating (ABBA), so a drift in the machine's load hits both sides alike. */
export type WindowKind = 'watched' | 'unwatched';

/** The CPU a process used so far and its resident memory, as `/proc/<pid>/stat` tells them. */
export interface ProcStat {
  /** utime + stime, in clock ticks (`getconf CLK_TCK`, almost always 100 per second). */
  readonly cpuTicks: number;
  /** Resident set size, in pages. */
  readonly rssPages: number;
}

/** Median and range of per-round figures. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Reads utime, stime and rss of a `/proc/<pid>/stat` line. The command name (field 2) may hold spaces and
 * parentheses, so the fields are counted from the last `)`: state is field 3, utime 14, stime 15, rss 24.
 */
export function parseProcStat(line: string): ProcStat {
  const close = line.lastIndexOf(')');
  if (close < 0) throw new Error('not a /proc/<pid>/stat line');
  const fields = line
    .slice(close + 2)
    .trim()
    .split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const [utime, stime, rss] = [fields[11], fields[12], fields[21]].map(Number);
  if (!Number.isSafeInteger(utime) || !Number.isSafeInteger(stime) || !Number.isSafeInteger(rss)) {
    throw new Error('a /proc/<pid>/stat line without utime, stime and rss');
  }
  return { cpuTicks: (utime as number) + (stime as number), rssPages: rss as number };
}

/** The share of one core, in percent, that `ticks` clock ticks of CPU time are over `elapsedMs` of wall time. */
export function cpuPercentOfCore(ticks: number, elapsedMs: number, ticksPerSecond: number): number {
  if (!(elapsedMs > 0) || !(ticksPerSecond > 0)) throw new RangeError('the window and the clock rate must be positive');
  return ((ticks / ticksPerSecond) * 1000 * 100) / elapsedMs;
}

/** CPU milliseconds per round of a poller that used `cpuPercent` of a core polling every `intervalMs`. */
export function cpuMsPerRound(cpuPercent: number, intervalMs: number): number {
  return (cpuPercent / 100) * intervalMs;
}

/**
 * Median (the mean of the two middle values of an even count, so four rounds are not summed up by the lower
 * middle one), minimum and maximum of `values`, ignoring what was not measured (NaN); NaN when nothing was.
 */
export function spreadOf(values: readonly number[]): Spread {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const middle = sorted.length / 2;
  const median = Number.isInteger(middle) ? ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2 : (sorted[Math.floor(middle)] as number);
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

/** `watched[i] - unwatched[i]` for every round both sides measured. */
export function pairedDifferences(watched: readonly number[], unwatched: readonly number[]): number[] {
  if (watched.length !== unwatched.length) throw new RangeError('paired rounds need as many values on each side');
  return watched.map((value, index) => value - (unwatched[index] as number));
}

/** The order of the two windows in round `index` (0-based): watched first in even rounds, last in odd ones. */
export function windowOrder(index: number): readonly [WindowKind, WindowKind] {
  return index % 2 === 0 ? ['watched', 'unwatched'] : ['unwatched', 'watched'];
}

/**
 * The CPU ticks a set of processes used between two readings, each keyed by pid: a pid in both counts its
 * difference, a pid only in the later one (started in between) all of its ticks. A pid only in the earlier
 * reading ended in between; what it used after that reading is unknown and not counted.
 */
export function ticksBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [pid, ticks] of after) total += ticks - (before.get(pid) ?? 0);
  return total;
}
