/** How long and how often each figure of the platform benchmark is measured. */
export interface PlatformSettings {
  /** Alternating rounds per HTTP figure, and rounds of the system and event figures. */
  readonly rounds: number;
  /** Length of one HTTP load round. */
  readonly durationS: number;
  /** How long the started system idles before its memory is read. */
  readonly idleS: number;
  /** `/health` reads per service and round, one second apart; their median is the round's figure. */
  readonly memoryReads: number;
  /** The offered rate of the fixed-rate event figure. */
  readonly eventRatePerSecond: number;
  /** Length of one fixed-rate event round. */
  readonly eventDurationS: number;
  /** Events written per round of the maximum-rate figure. */
  readonly eventBurst: number;
  /** Events per transaction in the maximum-rate figure. */
  readonly eventBatchSize: number;
}

const QUICK: PlatformSettings = {
  rounds: 1,
  durationS: 2,
  idleS: 2,
  memoryReads: 2,
  eventRatePerSecond: 1_000,
  eventDurationS: 2,
  eventBurst: 2_000,
  eventBatchSize: 100,
};

const FULL: PlatformSettings = {
  rounds: 3,
  durationS: 5,
  idleS: 10,
  memoryReads: 5,
  eventRatePerSecond: 1_000,
  eventDurationS: 10,
  eventBurst: 5_000,
  eventBatchSize: 100,
};

/** The settings for `erp bench platform [--quick]`: `--quick` keeps every figure but runs each briefly, as a smoke check. */
export function toPlatformSettings(args: readonly string[]): PlatformSettings {
  return args.includes('--quick') ? QUICK : FULL;
}
