import { type CliEnvironment, parseCount, toDataDir } from '../config.js';
import { stateFilePath } from '../paths.js';
import { isUpRunning, readState, removeState, type StateProcess } from '../state-file.js';
import { commandLineOf, isAlive, isGroupAlive, signalProcess, signalTree, waitUntilGone } from '../supervisor/process-tree.js';
import { parseFlags } from './arguments.js';

const LEFTOVER_STOP_TIMEOUT_MS = 15_000;

/**
 * `erp down`: stops the system an `erp up` (usually `erp up --detach`) runs from this data folder, by
 * SIGTERM to that `erp up`, and waits until it and every process it recorded are gone. If `erp up` itself
 * died, the processes it left behind are stopped directly.
 */
export async function down(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  const flags = parseFlags(argv, { 'data-dir': { type: 'string' }, timeout: { type: 'string' } });
  const dataDir = flags['data-dir'] ? toDataDir(flags['data-dir']) : environment.dataDir;
  const timeoutMs = flags.timeout ? parseCount(flags.timeout, '--timeout', 1) * 1000 : 60_000;
  const statePath = stateFilePath(dataDir);
  const state = readState(statePath);
  if (!state) {
    console.log(`Nothing to stop: no erp up is recorded in ${dataDir}.`);
    return 0;
  }
  const startedAt = Date.now();
  if (isUpRunning(state)) {
    console.log(`Stopping erp up (pid ${state.pid})...`);
    signalProcess(state.pid, 'SIGTERM');
    if (!(await waitUntilGone(() => isAlive(state.pid), timeoutMs))) {
      console.error(`erp up (pid ${state.pid}) did not stop within ${timeoutMs / 1000} s; killing it and what it started.`);
      signalProcess(state.pid, 'SIGKILL');
    }
  }
  const leftovers = await stopLeftovers(state.processes);
  removeState(statePath, state.pid);
  const extra = leftovers > 0 ? ` (${leftovers} left-over processes had to be stopped directly)` : '';
  console.log(`Stopped in ${((Date.now() - startedAt) / 1000).toFixed(1)} s${extra}.`);
  return 0;
}

/** Stops recorded processes that still run; a pid is only touched while it still runs one of ours. */
async function stopLeftovers(processes: readonly StateProcess[]): Promise<number> {
  const ours = processes.filter((entry): entry is StateProcess & { pid: number } => {
    if (entry.pid === undefined) return false;
    const commandLine = commandLineOf(entry.pid);
    return commandLine !== undefined && (commandLine.includes(`services/${entry.name}/`) || commandLine.includes('postgres-main.js'));
  });
  // Services first, the database last, as erp up itself would have done.
  await Promise.all(ours.filter((entry) => entry.name !== 'postgres').map((entry) => stopGroup(entry.pid)));
  await Promise.all(ours.filter((entry) => entry.name === 'postgres').map((entry) => stopGroup(entry.pid)));
  return ours.length;
}

async function stopGroup(pid: number): Promise<void> {
  signalProcess(pid, 'SIGTERM');
  if (await waitUntilGone(() => isGroupAlive(pid), LEFTOVER_STOP_TIMEOUT_MS)) return;
  signalTree(pid, 'SIGKILL');
  await waitUntilGone(() => isGroupAlive(pid), 2_000);
}
