import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICES, type ServiceName } from '@erp/contracts';
import { distinctFreePorts } from '../bench/free-ports.js';
import { BENCH_RATE_LIMITS } from '../bench/gateway-stack.js';
import { defaultsOnly } from '../bench/system-env.js';
import { fixed, printTable } from '../bench/table.js';
import { UsageError } from '../config.js';
import { REPO_ROOT } from '../paths.js';
import { type Baseline, currentFigures, type GateCheck, type GateThresholds, judgeRun, type ObservedService } from '../perf/gate.js';
import { runPacedLoad } from '../perf/paced-load.js';
import { criticalScenarios, NORMAL_RATES, postForText, setUpTenant } from '../perf/scenarios.js';
import { createSystem } from '../system/create-system.js';
import { parseFlags } from './arguments.js';

const OBSERVER_INTERVAL_MS = 1000;

interface PerfSettings {
  readonly durationS: number;
  readonly warmupS: number;
  readonly baselinePath: string;
  readonly updateBaseline: boolean;
  readonly outDir: string;
  readonly configPath: string;
}

interface RawConfig {
  interval_ms: number;
  defaults: GateThresholds;
  services: Record<string, { url: string; critical_endpoints: string[]; thresholds?: Partial<GateThresholds> }>;
  [key: string]: unknown;
}

/**
 * `erp perf`: the CI performance gate. Starts the whole system on embedded defaults (fresh embedded
 * PostgreSQL in a temporary folder, random ports), offers normal load at every critical endpoint of
 * observer_config.json through the gateway, lets the observer measure (1 s polls), and judges its report
 * against the thresholds of the config and against the committed baseline. Exit 1 when any check fails.
 */
export async function perf(argv: readonly string[]): Promise<number> {
  const settings = toSettings(argv);
  const config = JSON.parse(readFileSync(settings.configPath, 'utf8')) as RawConfig;
  const work = mkdtempSync(join(tmpdir(), 'erp-perf-'));
  // mkdtemp makes the folder 0700; embedded PostgreSQL started by root runs as the postgres user and must enter it.
  chmodSync(work, 0o755);
  const [pgPort, ...ports] = await distinctFreePorts(SERVICES.length + 1);
  const servicePorts = Object.fromEntries(SERVICES.map((service, index) => [service.name, ports[index]])) as Record<ServiceName, number>;
  const observerConfigPath = join(work, 'observer_config.json');
  writeFileSync(observerConfigPath, JSON.stringify(withLocalUrls(config, servicePorts), null, 2));
  const system = createSystem({
    env: { ...defaultsOnly(process.env), OBSERVER_CONFIG: observerConfigPath, RATE_LIMITS: BENCH_RATE_LIMITS, ACCESS_TOKEN_TTL_S: '3600' },
    dataDir: work,
    embeddedPostgresPort: pgPort as number,
    ports: servicePorts,
    logLevel: 'warn',
    onLine: (line) => {
      if (line.stream === 'stderr') process.stderr.write(`[system] ${line.source}: ${line.text}\n`);
    },
  });
  try {
    const ready = await system.start();
    log(`system ready in ${(ready.readyMs / 1000).toFixed(1)} s on embedded PostgreSQL`);
    const gatewayUrl = `http://127.0.0.1:${servicePorts.gateway}`;
    const today = new Date();
    const tenant = await setUpTenant(gatewayUrl, { refreshPool: 24, customers: 100, today });
    const scenarios = criticalScenarios(tenant, NORMAL_RATES, today);
    log(`warm-up: ${settings.warmupS} s of load, not judged`);
    await runPacedLoad(scenarios, { durationMs: settings.warmupS * 1000, maxInFlight: 32 });
    log(`load: ${settings.durationS} s at ${scenarios.map((scenario) => `${scenario.endpoint} ${scenario.ratePerSecond}/s`).join(', ')}`);
    const driven = await runPacedLoad(scenarios, { durationMs: settings.durationS * 1000, maxInFlight: 32 });
    // The last poll of the window must have landed before the report is built.
    await sleep(OBSERVER_INTERVAL_MS * 2);
    const observerUrl = `http://127.0.0.1:${servicePorts.observer}/api/v1/observer`;
    const windowMin = Math.max(1, Math.round(settings.durationS / 60));
    const stored = JSON.parse(await postForText(`${observerUrl}/reports/optimization?window_min=${windowMin}`, tenant.accessToken, 'application/json')) as {
      id: string;
      services: ReportService[];
    };
    const markdown = await fetch(`${observerUrl}/reports/${stored.id}?format=markdown`, { headers: { authorization: `Bearer ${tenant.accessToken}` } }).then(
      (response) => response.text(),
    );
    const observed = stored.services.map(toObserved);
    const baseline = existsSync(settings.baselinePath) ? (JSON.parse(readFileSync(settings.baselinePath, 'utf8')) as Baseline) : undefined;
    const checks = judgeRun(observed, (name) => thresholdsOf(config, name), driven, settings.updateBaseline ? undefined : baseline);
    printLoadTable(driven);
    printChecks(checks);
    const figures = currentFigures(observed, driven);
    writeOutputs(settings.outDir, { report: markdown, checks, figures, driven });
    if (settings.updateBaseline) {
      const next: Baseline = { tolerance: baseline?.tolerance ?? { ratio: 2, latency_slack_ms: 25, cpu_slack_points: 15 }, figures };
      writeFileSync(settings.baselinePath, `${JSON.stringify(next, null, 2)}\n`);
      log(`baseline written to ${settings.baselinePath}`);
    }
    const failed = checks.filter((check) => !check.passed);
    log(failed.length === 0 ? `gate passed: ${checks.length} checks` : `gate FAILED: ${failed.map((check) => check.subject).join('; ')}`);
    return failed.length === 0 ? 0 : 1;
  } finally {
    await system.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

interface ReportService {
  name: string;
  instances: { total: number; reachable: number };
  error_rate: number | null;
  cpu_percent: { mean: number | null };
  event_loop_lag_ms: { max: number | null };
  open_incidents: number;
  critical_endpoints: { route: string; requests: number; p95_ms: number | null; threshold_ms?: number }[];
}

function toObserved(service: ReportService): ObservedService {
  return {
    name: service.name,
    instancesTotal: service.instances.total,
    instancesReachable: service.instances.reachable,
    errorRate: service.error_rate,
    cpuPercentMean: service.cpu_percent.mean,
    eventLoopLagMsMax: service.event_loop_lag_ms.max,
    openIncidents: service.open_incidents,
    criticalEndpoints: service.critical_endpoints.map((endpoint) => ({
      route: endpoint.route,
      requests: endpoint.requests,
      p95Ms: endpoint.p95_ms,
      thresholdMs: endpoint.threshold_ms ?? Number.POSITIVE_INFINITY,
    })),
  };
}

function thresholdsOf(config: RawConfig, service: string): GateThresholds {
  return { ...config.defaults, ...(config.services[service]?.thresholds ?? {}) };
}

/** The configuration with each service's URL on the port of this run and a 1 s poll; thresholds unchanged. */
function withLocalUrls(config: RawConfig, ports: Record<ServiceName, number>): RawConfig {
  const services = Object.fromEntries(
    Object.entries(config.services).map(([name, service]) => [name, { ...service, url: `http://127.0.0.1:${ports[name as ServiceName]}` }]),
  );
  return { ...config, interval_ms: OBSERVER_INTERVAL_MS, services };
}

function toSettings(argv: readonly string[]): PerfSettings {
  const flags = parseFlags(argv, {
    duration: { type: 'string' },
    warmup: { type: 'string' },
    baseline: { type: 'string' },
    out: { type: 'string' },
    config: { type: 'string' },
    'update-baseline': { type: 'boolean' },
  });
  const durationS = Number(flags.duration ?? 60);
  const warmupS = Number(flags.warmup ?? 10);
  if (!Number.isInteger(durationS) || durationS < 10 || durationS > 3600) throw new UsageError('--duration must be whole seconds from 10 to 3600');
  if (!Number.isInteger(warmupS) || warmupS < 0 || warmupS > 600) throw new UsageError('--warmup must be whole seconds from 0 to 600');
  return {
    durationS,
    warmupS,
    baselinePath: resolve(flags.baseline ?? join(REPO_ROOT, 'perf', 'baseline.json')),
    updateBaseline: flags['update-baseline'] === true,
    outDir: resolve(flags.out ?? join(REPO_ROOT, '.data', 'perf')),
    configPath: resolve(flags.config ?? join(REPO_ROOT, 'observer_config.json')),
  };
}

function printLoadTable(driven: Awaited<ReturnType<typeof runPacedLoad>>): void {
  printTable(
    'Load offered through the gateway (client side)',
    ['endpoint', 'sent', 'failed', 'dropped', 'p95 ms'],
    driven.map((entry) => [entry.endpoint, String(entry.sent), String(entry.failed), String(entry.dropped), fixed(entry.p95Ms, 1)]),
  );
}

function printChecks(checks: readonly GateCheck[]): void {
  printTable(
    'Performance gate: observer figures against observer_config.json, and the run against perf/baseline.json',
    ['check', 'kind', 'measured', 'limit', 'verdict', 'note'],
    checks.map((check) => [
      check.subject,
      check.kind,
      check.measured === null ? '-' : figure(check.measured),
      check.limit === null ? '-' : figure(check.limit),
      check.passed ? 'pass' : 'FAIL',
      check.note,
    ]),
  );
}

/** Shares and rates below 1 keep four decimals, so a 1 % limit does not print as 0.0. */
function figure(value: number): string {
  return fixed(value, Math.abs(value) < 1 && value !== 0 ? 4 : 1);
}

function writeOutputs(outDir: string, outputs: { report: string; checks: readonly GateCheck[]; figures: Record<string, number>; driven: unknown }): void {
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(outDir, `report-${stamp}.md`), outputs.report);
  writeFileSync(join(outDir, `gate-${stamp}.json`), `${JSON.stringify({ checks: outputs.checks, figures: outputs.figures, load: outputs.driven }, null, 2)}\n`);
  log(`report and gate results written to ${outDir} (report-${stamp}.md, gate-${stamp}.json)`);
}

function log(message: string): void {
  process.stdout.write(`[perf] ${message}\n`);
}
