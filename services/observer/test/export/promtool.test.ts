import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObserverConfig } from '@erp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateObserverConfig } from '../../src/domain/config-validation.js';
import { DEPLOY_FILES } from '../../src/export/deploy-files.js';
import { alertRules } from '../../src/export/prometheus.js';
import { toYaml, type YamlValue } from '../../src/export/yaml.js';

// promtool comes with Debian's prometheus package. Under CI=true a missing one fails; otherwise these are skipped.
const REPOSITORY = join(import.meta.dirname, '../../../..');
const ci = process.env.CI === 'true';
const available = spawnSync('promtool', ['--version']).status === 0;
if (!available && !ci) console.warn('Skipping the promtool checks: promtool is missing (apt-get install prometheus). Under CI=true they fail instead.');

function promtool(...args: string[]) {
  const result = spawnSync('promtool', args, { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}${result.error?.message ?? ''}` };
}

const critical = (labels: Record<string, string>) => ({ exp_labels: { severity: 'critical', ...labels } });

/**
 * Unit tests of the rules' expressions: synthetic series that should and should not fire, evaluated by
 * Prometheus's own engine. Series every 15 s; rates over the rules' one-minute window.
 */
function ruleTests(): YamlValue {
  const bucket = (route: string, method: string, le: string, values: string) => ({
    series: `http_request_duration_seconds_bucket{job="core",method="${method}",route="${route}",status_code="200",le="${le}"}`,
    values,
  });
  const count = (job: string, route: string, status: string, values: string) => ({
    series: `http_request_duration_seconds_count{job="${job}",method="GET",route="${route}",status_code="${status}"}`,
    values,
  });
  return {
    rule_files: ['rules.yml'],
    evaluation_interval: '15s',
    tests: [
      {
        interval: '15s',
        input_series: [
          // GET /api/v1/customers: every request between 100 and 250 ms, so p95 ≈ 242 ms, above core's 200 ms.
          bucket('/api/v1/customers', 'GET', '0.1', '0x40'),
          bucket('/api/v1/customers', 'GET', '0.25', '0+10x40'),
          bucket('/api/v1/customers', 'GET', '+Inf', '0+10x40'),
          // POST /api/v1/customers: all under 100 ms.
          bucket('/api/v1/customers', 'POST', '0.1', '0+10x40'),
          bucket('/api/v1/customers', 'POST', '+Inf', '0+10x40'),
          // auth: 20 % of its requests fail.
          count('auth', '/api/v1/auth/me', '200', '0+8x40'),
          count('auth', '/api/v1/auth/me', '500', '0+2x40'),
          // finance: only its health checks fail, which are not its traffic.
          count('finance', '/health', '503', '0+10x40'),
          count('finance', '/api/v1/finance/accounts', '200', '0+10x40'),
          // reporting uses 0.8 of a core; notification's event loop lags 490 ms; ai is down.
          { series: 'process_cpu_seconds_total{job="reporting",instance="r:1"}', values: '0+12x40' },
          { series: 'process_cpu_seconds_total{job="core",instance="c:1"}', values: '0+3x40' },
          { series: 'nodejs_eventloop_lag_p99_seconds{job="notification",instance="n:1"}', values: '0.5x40' },
          { series: 'nodejs_eventloop_lag_p99_seconds{job="core",instance="c:1"}', values: '0.02x40' },
          { series: 'up{job="ai",instance="a:1"}', values: '0x40' },
          { series: 'up{job="core",instance="c:1"}', values: '1x40' },
        ],
        alert_rule_test: [
          { eval_time: '5m', alertname: 'ErpEndpointLatencyHigh', exp_alerts: [critical({ service: 'core', endpoint: 'GET /api/v1/customers' })] },
          { eval_time: '5m', alertname: 'ErpErrorRateHigh', exp_alerts: [critical({ service: 'auth', job: 'auth' })] },
          { eval_time: '5m', alertname: 'ErpCpuHigh', exp_alerts: [critical({ service: 'reporting', job: 'reporting', instance: 'r:1' })] },
          { eval_time: '5m', alertname: 'ErpEventLoopLagHigh', exp_alerts: [critical({ service: 'notification', job: 'notification', instance: 'n:1' })] },
          { eval_time: '5m', alertname: 'ErpInstanceDown', exp_alerts: [critical({ service: 'ai', job: 'ai', instance: 'a:1' })] },
          // A breach must last critical_after intervals (15 s) before it fires.
          { eval_time: '10s', alertname: 'ErpInstanceDown', exp_alerts: [] },
        ],
      },
      {
        interval: '1m',
        input_series: [
          // observer grows 1 MiB a minute for three hours; gateway is flat; core grows but only started now.
          { series: 'process_resident_memory_bytes{job="observer",instance="o:1"}', values: '100000000+1048576x180' },
          { series: 'process_start_time_seconds{job="observer",instance="o:1"}', values: '0x180' },
          { series: 'process_resident_memory_bytes{job="gateway",instance="g:1"}', values: '100000000x180' },
          { series: 'process_start_time_seconds{job="gateway",instance="g:1"}', values: '0x180' },
          { series: 'process_resident_memory_bytes{job="core",instance="c:1"}', values: '100000000+1048576x180' },
          { series: 'process_start_time_seconds{job="core",instance="c:1"}', values: '10000x180' },
        ],
        alert_rule_test: [
          { eval_time: '2h', alertname: 'ErpMemoryGrowing', exp_alerts: [critical({ service: 'observer', job: 'observer', instance: 'o:1' })] },
        ],
      },
    ],
  };
}

/** The generated rules without annotations: promtool compares annotations too, and the expressions are what is tested. */
function rulesWithoutAnnotations(config: ObserverConfig): YamlValue {
  const rules = alertRules(config) as { groups: { name: string; rules: Record<string, YamlValue>[] }[] };
  return { groups: rules.groups.map((group) => ({ ...group, rules: group.rules.map(({ annotations: _annotations, ...rule }) => rule) })) };
}

describe.runIf(available || ci)('promtool on the generated Prometheus files', () => {
  let folder: string;

  beforeAll(async () => {
    if (!available) throw new Error('promtool is missing; CI=true requires it (apt-get install prometheus).');
    folder = await mkdtemp(join(tmpdir(), 'erp-promtool-'));
  });

  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('should accept prometheus.yml and the rule file it names', () => {
    const result = promtool('check', 'config', join(REPOSITORY, DEPLOY_FILES.prometheus));

    expect(result.output).toContain('SUCCESS');
    expect(result.status, result.output).toBe(0);
  });

  it('should accept alerts.yml', () => {
    const result = promtool('check', 'rules', join(REPOSITORY, DEPLOY_FILES.alerts));

    expect(result.status, result.output).toBe(0);
  });

  it('should fire exactly the alerts the observer would raise for synthetic series', async () => {
    const validation = validateObserverConfig(await readFile(join(REPOSITORY, 'observer_config.json'), 'utf8'));
    if (!validation.ok) throw new Error('observer_config.json is invalid');
    await writeFile(join(folder, 'rules.yml'), toYaml(rulesWithoutAnnotations(validation.config)));
    await writeFile(join(folder, 'tests.yml'), toYaml(ruleTests()));

    const result = promtool('test', 'rules', join(folder, 'tests.yml'));

    expect(result.status, result.output).toBe(0);
  });
});
