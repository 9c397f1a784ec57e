/** How long and how often the observer benchmark measures. */
export interface ObserverBenchSettings {
  /** Rounds; each has one window with the observer polling and one without any observer, in alternating order. */
  readonly rounds: number;
  /** Length of each measured window. */
  readonly windowS: number;
  /** Polls the observer runs after its start before its window begins (start-up and JIT warm-up are not steady state). */
  readonly warmupS: number;
  /** Quiet time after the system is up and after each observer stop, before the next window. */
  readonly settleS: number;
  /** The observer's polling interval (`interval_ms` of its observer_config.json). */
  readonly intervalMs: number;
}

const QUICK: ObserverBenchSettings = { rounds: 1, windowS: 6, warmupS: 2, settleS: 1, intervalMs: 1000 };

const FULL: ObserverBenchSettings = { rounds: 4, windowS: 12, warmupS: 4, settleS: 2, intervalMs: 1000 };

/** The settings for `erp bench observer [--quick]`: `--quick` keeps every figure but runs one short round, as a smoke check. */
export function toObserverBenchSettings(args: readonly string[]): ObserverBenchSettings {
  return args.includes('--quick') ? QUICK : FULL;
}
