import { type Goal, goalMet, goalText, perRound } from './gateway-goals.js';
import { cpuMsPerRound, pairedDifferences, type Spread, spreadOf } from './observer-figures.js';
import type { ObserverRounds } from './observer-rounds.js';
import type { ObserverBenchSettings } from './observer-settings.js';
import type { WatchedInstance } from './observer-stack.js';
import { fixed, printTable } from './table.js';

/** The goals of the observer issue, in percent of one core. */
export const OBSERVER_CPU_GOAL: Goal = { direction: '<=', limit: 2 };
export const ADDED_CPU_GOAL: Goal = { direction: '<=', limit: 1 };

const range = (spread: Spread, decimals: number) => `${fixed(spread.min, decimals)} .. ${fixed(spread.max, decimals)}`;

/** The observer's own CPU and memory; returns the median CPU for the summary. */
export function printObserverTable(rounds: ObserverRounds, watched: readonly WatchedInstance[], settings: ObserverBenchSettings): number {
  const cpu = rounds.watched.map((window) => window.observerCpuPercent);
  const rss = rounds.watched.map((window) => window.observerRssMb);
  const backends = rounds.watched.map((window) => window.backendsCpuPercent);
  const perPoll = cpu.map((value) => cpuMsPerRound(value, settings.intervalMs));
  const row = (figure: string, values: number[], decimals: number, goal?: Goal, unit = '') => {
    const spread = spreadOf(values);
    return [
      figure,
      fixed(spread.median, decimals),
      range(spread, decimals),
      perRound(values, decimals),
      goal ? goalText(goal, unit) : '',
      goal ? goalMet(spread.median, goal) : '',
    ];
  };
  printTable(
    `Observer process watching ${watched.length} instances (${watched.map((instance) => instance.name).join(', ')}) every ${settings.intervalMs} ms: ` +
      `${rounds.watched.length} windows of ${settings.windowS} s, each after ${settings.warmupS} s of unmeasured polls; CPU from /proc/<pid>/stat utime+stime`,
    ['figure', 'median', 'min .. max', 'per round', 'goal', 'met'],
    [
      row('observer CPU, % of one core', cpu, 2, OBSERVER_CPU_GOAL, '%'),
      row('observer CPU per poll round (8 instances), ms', perPoll, 1),
      row('observer RSS at the end of the window, MB', rss, 1),
      row("PostgreSQL backends of the observer's database, % of one core (database side, not part of the goal)", backends, 2),
      [
        'rounds stored per window; instance samples answered / stored',
        '',
        '',
        rounds.watched.map((window) => `${window.polls.rounds}; ${window.polls.answered}/${window.polls.samples}`).join(', '),
        '',
        '',
      ],
    ],
  );
  return spreadOf(cpu).median;
}

/** Each watched instance's CPU with and without the observer; returns the largest median added CPU for the summary. */
export function printAddedCpuTable(rounds: ObserverRounds, watched: readonly WatchedInstance[], settings: ObserverBenchSettings): number {
  const column = (windows: readonly { serviceCpuPercent: readonly number[] }[], index: number) =>
    windows.map((window) => window.serviceCpuPercent[index] ?? Number.NaN);
  const rows: string[][] = [];
  const added: number[][] = [];
  for (const [index, instance] of watched.entries()) {
    const withObserver = column(rounds.watched, index);
    const without = column(rounds.unwatched, index);
    const differences = pairedDifferences(withObserver, without);
    added.push(differences);
    const median = spreadOf(differences).median;
    rows.push([
      instance.name,
      fixed(spreadOf(withObserver).median, 2),
      fixed(spreadOf(without).median, 2),
      fixed(median, 2),
      perRound(differences, 2),
      goalText(ADDED_CPU_GOAL, '%'),
      goalMet(median, ADDED_CPU_GOAL),
    ]);
  }
  const meanPerRound = rounds.watched.map((_, round) => mean(added.map((differences) => differences[round] ?? Number.NaN)));
  const meanSpread = spreadOf(meanPerRound);
  rows.push([
    'mean of the instances',
    '',
    '',
    fixed(meanSpread.median, 2),
    perRound(meanPerRound, 2),
    goalText(ADDED_CPU_GOAL, '%'),
    goalMet(meanSpread.median, ADDED_CPU_GOAL),
  ]);
  printTable(
    `Added CPU in each watched instance, % of one core: the same process with the observer polling its /health and /metrics every ${settings.intervalMs} ms ` +
      `vs with no observer running (${rounds.watched.length} rounds of ${settings.windowS} s windows, alternating order; added = median of the per-round differences)`,
    ['instance', 'with observer', 'without observer', 'added', 'added per round', 'goal', 'met'],
    rows,
  );
  return Math.max(...added.map((differences) => spreadOf(differences).median));
}

/** The goals and whether this run met them. */
export function printGoals(observerCpu: number, largestAdded: number, settings: ObserverBenchSettings): void {
  printTable(
    settings.rounds === 1 ? `Goals (one round of ${settings.windowS} s: a smoke check, too short to judge them; run without --quick)` : 'Goals',
    ['goal', 'measured (median)', 'met'],
    [
      [
        `observer CPU watching 8 services at 1 s ${goalText(OBSERVER_CPU_GOAL, '% of one core')}`,
        `${fixed(observerCpu, 2)} %`,
        goalMet(observerCpu, OBSERVER_CPU_GOAL),
      ],
      [
        `added CPU in a watched service ${goalText(ADDED_CPU_GOAL, '% of one core')} (the largest of the eight)`,
        `${fixed(largestAdded, 2)} %`,
        goalMet(largestAdded, ADDED_CPU_GOAL),
      ],
    ],
  );
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
