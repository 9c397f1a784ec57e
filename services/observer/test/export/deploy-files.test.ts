import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObserverConfig } from '@erp/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { validateObserverConfig } from '../../src/domain/config-validation.js';
import { DEPLOY_FILES, renderDeployFiles } from '../../src/export/deploy-files.js';
import { grafanaDashboard } from '../../src/export/grafana.js';
import { toFormattedJson } from '../../src/export/json.js';
import { alertRules, prometheusConfig } from '../../src/export/prometheus.js';
import { KIT_METRICS } from '../../src/export/promql.js';
import { toYaml } from '../../src/export/yaml.js';
import { startTestService, type TestService } from '../helpers.js';

const REPOSITORY = join(import.meta.dirname, '../../../..');

async function repositoryConfig(): Promise<ObserverConfig> {
  const validation = validateObserverConfig(await readFile(join(REPOSITORY, 'observer_config.json'), 'utf8'));
  if (!validation.ok) throw new Error(`observer_config.json is invalid: ${JSON.stringify(validation.errors)}`);
  return validation.config;
}

type Rule = { alert: string; expr: string; labels: Record<string, string> };

describe('the generated deploy files', () => {
  it.each(Object.values(DEPLOY_FILES))('should match %s as committed, so it never drifts from observer_config.json', async (path) => {
    const generated = renderDeployFiles(await repositoryConfig());

    const committed = await readFile(join(REPOSITORY, path), 'utf8').catch(() => 'missing');

    // On a failure: node services/observer/scripts/generate-deploy.mjs (after a build) and commit the result.
    expect(committed).toBe(generated[path]);
  });

  it('should scrape every service of the config at its host and port', async () => {
    const config = await repositoryConfig();

    const scrape = prometheusConfig(config) as { scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };

    expect(scrape.scrape_configs.map((job) => job.job_name)).toEqual(Object.keys(config.services));
    expect(scrape.scrape_configs.find((job) => job.job_name === 'finance')?.static_configs).toEqual([{ targets: ['127.0.0.1:8006'] }]);
  });

  it('should have a latency rule for every critical endpoint with the threshold that applies to its service', async () => {
    const config = await repositoryConfig();

    const rules = (alertRules(config) as { groups: { rules: Rule[] }[] }).groups.flatMap((group) => group.rules);

    const latency = rules.filter((rule) => rule.alert === 'ErpEndpointLatencyHigh');
    const expected = Object.entries(config.services).flatMap(([service, entry]) => entry.critical_endpoints.map((endpoint) => ({ service, endpoint })));
    expect(latency.map((rule) => ({ service: rule.labels.service, endpoint: rule.labels.endpoint }))).toEqual(expected);
    const coreCustomers = latency.find((rule) => rule.labels.endpoint === 'POST /api/v1/customers');
    expect(coreCustomers?.expr).toContain('method="POST",route="/api/v1/customers"');
    expect(coreCustomers?.expr).toMatch(/ \* 1000 > 200$/);
    expect(rules.find((rule) => rule.alert === 'ErpCpuHigh' && rule.labels.service === 'ai')?.expr).toMatch(/ > 70$/);
  });

  it('should draw one row per service in Grafana, with unique panel ids and no overlapping panels', async () => {
    const config = await repositoryConfig();

    const dashboard = grafanaDashboard(config) as unknown as {
      panels: { id: number; type: string; title: string; gridPos: { x: number; y: number; w: number; h: number } }[];
    };

    expect(dashboard.panels.filter((panel) => panel.type === 'row').map((panel) => panel.title)).toEqual(Object.keys(config.services));
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    const cells = new Set<string>();
    for (const { gridPos } of dashboard.panels) {
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x += 1) {
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y += 1) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
      expect(gridPos.x + gridPos.w).toBeLessThanOrEqual(24);
    }
  });
});

describe('the metrics the rules read', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(inject('adminUrl'), 'scraped');
  });

  afterAll(async () => {
    await service?.close();
  });

  it('should all be exported by a service built with the kit', async () => {
    await fetch(`${service.url}/flaky`).then((response) => response.arrayBuffer());

    const exposition = await fetch(`${service.url}/metrics`).then((response) => response.text());

    const names = new Set(exposition.split('\n').flatMap((line) => (line.startsWith('#') || line === '' ? [] : [line.split(/[{ ]/)[0]])));
    for (const metric of Object.values(KIT_METRICS)) expect(names, metric).toContain(metric);
  });
});

describe('toFormattedJson', () => {
  it('should write arrays of scalars on one line when they fit, and everything else one item per line', () => {
    const text = toFormattedJson({ tags: ['a', 'b'], long: ['x'.repeat(200)], nested: [{ id: 1 }], empty: {} });

    expect(text).toBe(
      `{\n  "tags": ["a", "b"],\n  "long": [\n    "${'x'.repeat(200)}"\n  ],\n  "nested": [\n    {\n      "id": 1\n    }\n  ],\n  "empty": {}\n}\n`,
    );
  });
});

describe('toYaml', () => {
  it('should quote what a YAML reader would otherwise take for another type or syntax', () => {
    const text = toYaml({
      plain: 'erp-core',
      word: 'no',
      number: '5s',
      quote: "it's",
      expr: 'up{job="a"} == 0',
      lines: 'a\nb',
      list: [1, true, null],
      empty: [],
    });

    expect(text).toBe(
      [
        'plain: erp-core',
        'word: "no"',
        'number: "5s"',
        `quote: "it's"`,
        `expr: 'up{job="a"} == 0'`,
        'lines: "a\\nb"',
        'list:',
        '  - 1',
        '  - true',
        '  - null',
        'empty: []',
        '',
      ].join('\n'),
    );
  });

  it('should put the first key of a mapping in a list on the dash line', () => {
    expect(toYaml({ jobs: [{ name: 'a', targets: ['x:1'] }] })).toBe('jobs:\n  - name: a\n    targets:\n      - "x:1"\n');
  });
});
