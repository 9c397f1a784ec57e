#!/usr/bin/env node
// Writes deploy/prometheus/prometheus.yml, deploy/prometheus/alerts.yml and deploy/grafana/erp-dashboard.json
// from observer_config.json, the one source of truth for thresholds. It runs the observer's build (dist/), so
// build first: `npm run build`. `--check` writes nothing and exits 1 when a committed file differs.
//
//   node services/observer/scripts/generate-deploy.mjs [--check] [--config path/to/observer_config.json]
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repositoryRoot = resolve(packageRoot, '..', '..');
const build = join(packageRoot, 'dist', 'export', 'deploy-files.js');

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false }, config: { type: 'string' } } });
if (!existsSync(build)) {
  process.stderr.write(`${build} is missing: build the observer first (npm run build).\n`);
  process.exit(1);
}
const { renderDeployFiles } = await import(build);
const { validateObserverConfig, describeConfigErrors } = await import(join(packageRoot, 'dist', 'domain', 'config-validation.js'));

const configPath = resolve(values.config ?? join(repositoryRoot, 'observer_config.json'));
const validation = validateObserverConfig(await readFile(configPath, 'utf8'));
if (!validation.ok) {
  process.stderr.write(`${configPath} is invalid: ${describeConfigErrors(validation.errors)}\n`);
  process.exit(1);
}

let stale = 0;
for (const [path, text] of Object.entries(renderDeployFiles(validation.config))) {
  const target = join(repositoryRoot, path);
  const current = existsSync(target) ? await readFile(target, 'utf8') : null;
  if (current === text) {
    process.stdout.write(`unchanged ${path}\n`);
  } else if (values.check) {
    stale += 1;
    process.stdout.write(`stale     ${path}\n`);
  } else {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    process.stdout.write(`wrote     ${path}\n`);
  }
}
if (stale > 0) {
  process.stderr.write(`${stale} generated file(s) differ from ${configPath}; run node services/observer/scripts/generate-deploy.mjs\n`);
  process.exit(1);
}
