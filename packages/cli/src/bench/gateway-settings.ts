/** How long and how often each figure of the gateway benchmark is measured. */
export interface GatewaySettings {
  /** Alternating rounds per figure; each figure's table reports the median over them. */
  readonly rounds: number;
  /** Length of one HTTP load round. */
  readonly durationS: number;
  /** Unmeasured load on each target before its first round, so that every process runs optimized code. */
  readonly warmupS: number;
  /** Connections of a saturation round. */
  readonly connections: number;
  /** Connections of a fixed-rate round: enough that the offered rate never waits for a free connection. */
  readonly fixedRateConnections: number;
  /** Sequential logins per target and round. */
  readonly logins: number;
  /** Distinct tokens the verification figure cycles through. */
  readonly tokens: number;
  /** Length of one token-verification round. */
  readonly verifyS: number;
}

const QUICK: GatewaySettings = { rounds: 1, durationS: 2, warmupS: 1, connections: 50, fixedRateConnections: 20, logins: 10, tokens: 1_000, verifyS: 1 };

const FULL: GatewaySettings = { rounds: 3, durationS: 5, warmupS: 2, connections: 50, fixedRateConnections: 20, logins: 25, tokens: 10_000, verifyS: 3 };

/** The settings for `erp bench gateway [--quick]`: `--quick` keeps every figure but runs each briefly, as a smoke check. */
export function toGatewaySettings(args: readonly string[]): GatewaySettings {
  return args.includes('--quick') ? QUICK : FULL;
}
