import type { ObserverConfig } from '@erp/contracts';
import { grafanaDashboard } from './grafana.js';
import { toFormattedJson } from './json.js';
import { ALERTS_FILE, alertRules, prometheusConfig } from './prometheus.js';
import { toYaml } from './yaml.js';

/** Where the generated files live, relative to the repository root. */
export const DEPLOY_FILES = {
  prometheus: 'deploy/prometheus/prometheus.yml',
  alerts: `deploy/prometheus/${ALERTS_FILE}`,
  grafana: 'deploy/grafana/erp-dashboard.json',
} as const;

const HEADER = [
  '# Generated from observer_config.json by services/observer/scripts/generate-deploy.mjs. Do not edit:',
  '# change the config and run `node services/observer/scripts/generate-deploy.mjs` (after a build).',
  '',
].join('\n');

/**
 * The Prometheus scrape configuration, its alert rules and the Grafana dashboard of `config`, as file texts
 * keyed by their path under the repository root. Pure and deterministic: the same config gives the same bytes,
 * so a test can tell when the committed files no longer match the config.
 */
export function renderDeployFiles(config: ObserverConfig): Record<string, string> {
  return {
    [DEPLOY_FILES.prometheus]: HEADER + toYaml(prometheusConfig(config)),
    [DEPLOY_FILES.alerts]: HEADER + toYaml(alertRules(config)),
    [DEPLOY_FILES.grafana]: toFormattedJson(grafanaDashboard(config)),
  };
}
