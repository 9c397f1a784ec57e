import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import type { CliEnvironment } from '../config.js';
import { readyTable } from '../health-table.js';
import { CLI_ENTRY, logFilePath, stateFilePath } from '../paths.js';
import { readState } from '../state-file.js';
import { isAlive, signalProcess, waitUntilGone } from '../supervisor/process-tree.js';
import type { UpInvocation } from './up-options.js';

const POLL_MS = 200;
// Beyond the services' own readiness timeout: embedded PostgreSQL may first have to create its cluster.
const EXTRA_WAIT_MS = 30_000;
const LOG_TAIL_LINES = 30;

/**
 * `erp up --detach`: starts `erp up` as a background process whose output goes to `<dataDir>/erp-up.log`,
 * waits until its state file says it is ready, prints the ready table and returns; `erp down` stops it.
 */
export async function upDetached(argv: readonly string[], environment: CliEnvironment, invocation: UpInvocation): Promise<number> {
  mkdirSync(invocation.dataDir, { recursive: true });
  const logFile = logFilePath(invocation.dataDir);
  const log = openSync(logFile, 'w');
  const args = [CLI_ENTRY, 'up', ...argv.filter((arg) => arg !== '-d' && arg !== '--detach')];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log], env: { ...environment.env, ERP_DATA_DIR: invocation.dataDir } });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) {
    console.error('erp up could not be started in the background');
    return 1;
  }
  let exitCode: number | null | undefined;
  child.once('exit', (code) => {
    exitCode = code;
  });
  const deadline = Date.now() + invocation.readyTimeoutMs + EXTRA_WAIT_MS;
  while (Date.now() < deadline && exitCode === undefined) {
    const state = readState(stateFilePath(invocation.dataDir));
    if (state?.pid === pid && state.phase === 'ready') {
      child.unref();
      const services = state.services.map((service) => ({ ...service, status: 'pass', startupMs: service.startupMs ?? 0 }));
      console.log(`${readyTable(services)}\n`);
      console.log(`ERP running in the background (erp up pid ${pid}); logs in ${logFile}. Stop it with "erp down".`);
      return 0;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  if (exitCode === undefined && isAlive(pid)) {
    signalProcess(pid, 'SIGTERM');
    await waitUntilGone(() => isAlive(pid), invocation.readyTimeoutMs);
  }
  console.error(`erp up did not become ready${exitCode === undefined ? ' in time and was stopped' : ` (exit code ${exitCode})`}. The end of ${logFile}:`);
  console.error(tail(logFile, LOG_TAIL_LINES));
  return 1;
}

function tail(path: string, lines: number): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
