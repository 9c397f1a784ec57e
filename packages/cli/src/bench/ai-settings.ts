/** How long and how often each figure of the ai benchmark is measured. */
export interface AiBenchSettings {
  /** Alternating rounds (direct, through ai) per latency figure; the tables report the median over them. */
  readonly rounds: number;
  /** Length of one load round. */
  readonly durationS: number;
  /** Unmeasured load on each target before its first round. */
  readonly warmupS: number;
  /** The request rate of the latency figures, evenly paced: well below saturation, so that latency is not queueing. */
  readonly rate: number;
  /** Posted entries the suggestion model learns before its figure. */
  readonly ledgerEntries: number;
  /** Connections of the suggestion figure (saturation: the local engine is CPU-bound). */
  readonly suggestionConnections: number;
}

const QUICK: AiBenchSettings = { rounds: 1, durationS: 3, warmupS: 1, rate: 200, ledgerEntries: 300, suggestionConnections: 4 };

const FULL: AiBenchSettings = { rounds: 3, durationS: 10, warmupS: 3, rate: 200, ledgerEntries: 2000, suggestionConnections: 4 };

/** The settings for `erp bench ai [--quick]`: `--quick` keeps every figure but measures each briefly, as a smoke check. */
export function toAiBenchSettings(args: readonly string[]): AiBenchSettings {
  return args.includes('--quick') ? QUICK : FULL;
}
