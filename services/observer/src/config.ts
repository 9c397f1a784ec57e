import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getService } from '@erp/contracts';
import {
  parseEnvOrExit,
  type ServiceConfig,
  serviceEnvProperties,
  type TokenVerifierConfig,
  tokenVerifierEnvProperties,
  toServiceConfig,
  toTokenVerifierConfig,
} from '@erp/kit';
import Type from 'typebox';
import type { InfluxSettings } from './export/influx-writer.js';

// This file is services/observer/{src,dist}/config.*, three levels below the repository root.
const REPOSITORY_CONFIG = fileURLToPath(new URL('../../../observer_config.json', import.meta.url));

const Env = Type.Object({
  ...serviceEnvProperties(getService('observer').port),
  ...tokenVerifierEnvProperties(),
  OBSERVER_CONFIG: Type.Optional(Type.String({ minLength: 1, description: 'Path of observer_config.json; relative paths start at the working directory.' })),
  OBSERVER_RETENTION_H: Type.Integer({ default: 48, minimum: 1, maximum: 2160 }),
  OBSERVER_MINUTE_ROLLUP_RETENTION_D: Type.Integer({ default: 14, minimum: 1, maximum: 400 }),
  OBSERVER_HOUR_ROLLUP_RETENTION_D: Type.Integer({ default: 400, minimum: 1, maximum: 3650 }),
  OBSERVER_REPORT_RETENTION_D: Type.Integer({ default: 90, minimum: 1, maximum: 3650 }),
  OBSERVER_MEMORY_LIMIT_MB: Type.Integer({ default: 512, minimum: 16 }),
  OBSERVER_LEAK_WINDOW_MIN: Type.Integer({ default: 60, minimum: 2, maximum: 1440 }),
  OBSERVER_CONCURRENCY: Type.Integer({ default: 8, minimum: 1, maximum: 64 }),
  OBSERVER_TIMEOUT_MS: Type.Integer({ default: 2000, minimum: 100, maximum: 60_000 }),
  OBSERVER_MAINTENANCE_INTERVAL_MS: Type.Integer({ default: 60_000, minimum: 100, maximum: 3_600_000 }),
  OBSERVER_STREAMS_MAX: Type.Integer({ default: 50, minimum: 1, maximum: 1000, description: 'Dashboard streams open at the same time.' }),
  OBSERVER_STREAM_HEARTBEAT_MS: Type.Integer({ default: 15_000, minimum: 100, maximum: 300_000 }),
  OBSERVER_CONTROL_TOKEN: Type.Optional(
    Type.String({
      minLength: 32,
      maxLength: 256,
      description: 'Secret of the launcher (erp up --autoscale) for GET /internal/v1/scaling; the route is off without it.',
    }),
  ),
  INFLUX_URL: Type.Optional(
    Type.String({ pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$', description: 'InfluxDB (v2 HTTP API) to write every poll to; off without it.' }),
  ),
  INFLUX_ORG: Type.Optional(Type.String({ maxLength: 256 })),
  INFLUX_BUCKET: Type.String({ default: 'erp', maxLength: 256 }),
  // No limits: a refused value would be echoed in the error line, and this one is a secret.
  INFLUX_TOKEN: Type.Optional(Type.String()),
  INFLUX_TIMEOUT_MS: Type.Integer({ default: 2000, minimum: 100, maximum: 60_000 }),
});

export interface ObserverConfig extends ServiceConfig, TokenVerifierConfig {
  /** Absolute path of observer_config.json. */
  readonly observerConfigPath: string;
  readonly retention: { readonly rawMs: number; readonly minuteRollupMs: number; readonly hourRollupMs: number; readonly reportMs: number };
  /** The memory limit of a watched instance: the leak projection says when RSS reaches it. */
  readonly memoryLimitMb: number;
  readonly leakWindowMs: number;
  /** Instances polled at the same time. */
  readonly concurrency: number;
  /** Per request (`/health`, `/metrics`); capped at the polling interval. */
  readonly timeoutMs: number;
  /** How often rollups are computed and expired rows deleted. */
  readonly maintenanceIntervalMs: number;
  /** Live streams (`GET /stream`) open at the same time; one more is refused with 503. */
  readonly streamsMax: number;
  /** How often an idle stream gets a comment line, so proxies keep it open and a dead client is noticed. */
  readonly streamHeartbeatMs: number;
  /** The launcher's secret for the scaling route; undefined turns the route off. */
  readonly controlToken: string | undefined;
  /** Where every poll is also written as line protocol; undefined without `INFLUX_URL`. */
  readonly influx: InfluxSettings | undefined;
}

const HOUR_MS = 3_600_000;

/** Reads and validates the observer service's environment once; a bad value exits with one clear line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ObserverConfig {
  const parsed = parseEnvOrExit(Env, env);
  if (parsed.INFLUX_URL !== undefined && !URL.canParse(parsed.INFLUX_URL)) {
    // Like parseEnvOrExit: one clear line, then exit (the pattern lets through e.g. a port above 65535).
    process.stderr.write(`Invalid environment: INFLUX_URL=${parsed.INFLUX_URL} (not a URL)\n`);
    process.exit(1);
  }
  return Object.freeze({
    ...toServiceConfig(parsed),
    ...toTokenVerifierConfig(parsed),
    observerConfigPath: parsed.OBSERVER_CONFIG ? resolve(parsed.OBSERVER_CONFIG) : REPOSITORY_CONFIG,
    retention: Object.freeze({
      rawMs: parsed.OBSERVER_RETENTION_H * HOUR_MS,
      minuteRollupMs: parsed.OBSERVER_MINUTE_ROLLUP_RETENTION_D * 24 * HOUR_MS,
      hourRollupMs: parsed.OBSERVER_HOUR_ROLLUP_RETENTION_D * 24 * HOUR_MS,
      reportMs: parsed.OBSERVER_REPORT_RETENTION_D * 24 * HOUR_MS,
    }),
    memoryLimitMb: parsed.OBSERVER_MEMORY_LIMIT_MB,
    leakWindowMs: parsed.OBSERVER_LEAK_WINDOW_MIN * 60_000,
    concurrency: parsed.OBSERVER_CONCURRENCY,
    timeoutMs: parsed.OBSERVER_TIMEOUT_MS,
    maintenanceIntervalMs: parsed.OBSERVER_MAINTENANCE_INTERVAL_MS,
    streamsMax: parsed.OBSERVER_STREAMS_MAX,
    streamHeartbeatMs: parsed.OBSERVER_STREAM_HEARTBEAT_MS,
    controlToken: parsed.OBSERVER_CONTROL_TOKEN,
    influx: parsed.INFLUX_URL
      ? Object.freeze({
          url: parsed.INFLUX_URL,
          org: parsed.INFLUX_ORG,
          bucket: parsed.INFLUX_BUCKET,
          token: parsed.INFLUX_TOKEN,
          timeoutMs: parsed.INFLUX_TIMEOUT_MS,
        })
      : undefined,
  });
}
