import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICES } from '@erp/contracts';
import { getHealth } from '../health-client.js';
import { REPO_ROOT, stateFilePath } from '../paths.js';
import { readState } from '../state-file.js';
import { distinctFreePorts } from './free-ports.js';
import { findLeftovers, killLeftovers } from './leftovers.js';
import { defaultsOnly } from './system-env.js';

const BOOTSTRAP = join(REPO_ROOT, 'scripts', 'bootstrap.mjs');
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 60_000;
const REPORT_TIMEOUT_MS = 10_000;
const POLL_MS = 100;

/** The `npm start` path measured once; times are milliseconds from the spawn of the bootstrap script. */
export interface NpmStartFigures {
  /** Until all eight `/health` answered 200. */
  readonly readyMs?: number;
  /** Until `erp up` printed its first line: installing check, `tsc -b`, and the start of the CLI. */
  readonly bootstrapMs?: number;
  /** What `erp up` itself reports as "ERP ready in ... s". */
  readonly upReportedMs?: number;
  /** From SIGTERM until the bootstrap process exited. */
  readonly stopMs?: number;
  readonly exitCode?: string;
  /** `none`, or what was still running afterwards and had to be killed. */
  readonly leftovers: string;
  readonly failure?: string;
}

/** What the output of `npm start` told so far. */
interface OutputMarks {
  bootstrapMs?: number;
  upReportedMs?: number;
  lastErrorLine?: string;
}

/**
 * Runs `node scripts/bootstrap.mjs start` (what `npm start` runs) with a temporary data folder and free
 * ports, times it until every service is healthy, stops it with SIGTERM and checks that nothing is left.
 */
export async function measureNpmStart(env: Readonly<Record<string, string | undefined>>): Promise<NpmStartFigures> {
  // The bootstrap script would run npm install here; a benchmark must not change a shared working tree.
  if (installNeeded()) return { leftovers: 'none', failure: 'not measured: node_modules is missing or older than package.json; run npm install first' };
  const folder = await mkdtemp(join(tmpdir(), 'erp-bench-start-'));
  // As root the embedded server runs as the postgres user, which must be able to enter this folder.
  await chmod(folder, 0o755);
  try {
    return await startAndStop(folder, env);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function startAndStop(folder: string, env: Readonly<Record<string, string | undefined>>): Promise<NpmStartFigures> {
  const ports = await distinctFreePorts(SERVICES.length + 1);
  const startedAtMs = performance.now();
  const child = spawn(process.execPath, [BOOTSTRAP, 'start'], {
    cwd: REPO_ROOT,
    env: startEnvironment(env, folder, ports),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const marks = watchOutput(child, startedAtMs);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`)));
  try {
    const readyMs = await waitUntilAllHealthy(ports.slice(0, SERVICES.length), child, startedAtMs);
    await waitForReadyLine(marks, child);
    const pids = knownPids(child, folder);
    const stopStartedAtMs = performance.now();
    child.kill('SIGTERM');
    const exitCode = await Promise.race([exited, sleep(STOP_TIMEOUT_MS, `still running after ${STOP_TIMEOUT_MS / 1000} s`, { ref: false })]);
    const stopMs = performance.now() - stopStartedAtMs;
    return { readyMs, ...marks, stopMs, exitCode, leftovers: killLeftovers(await findLeftovers(pids, folder)) };
  } catch (error) {
    const pids = knownPids(child, folder);
    await terminate(child, exited);
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ...marks,
      leftovers: killLeftovers(await findLeftovers(pids, folder)),
      failure: `${reason}${marks.lastErrorLine ? `: ${marks.lastErrorLine}` : ''}`,
    };
  }
}

/** The bootstrap process and every process `erp up` recorded in its state file; read while it still runs. */
function knownPids(child: ChildProcess, folder: string): (number | undefined)[] {
  const state = readState(stateFilePath(folder));
  return [child.pid, state?.pid, ...(state?.processes.map((entry) => entry.pid) ?? [])];
}

function startEnvironment(env: Readonly<Record<string, string | undefined>>, folder: string, ports: readonly number[]): Record<string, string | undefined> {
  const servicePorts = Object.fromEntries(SERVICES.map((service, index) => [`ERP_${service.name.toUpperCase()}_PORT`, String(ports[index])]));
  return { ...defaultsOnly(env), ...servicePorts, ERP_DATA_DIR: folder, ERP_EMBEDDED_PG_PORT: String(ports[SERVICES.length]), NO_COLOR: '1' };
}

/** Reads both output streams to the end (a full pipe would block the child) and notes the marks. */
function watchOutput(child: ChildProcess, startedAtMs: number): OutputMarks {
  const marks: OutputMarks = {};
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    // `erp up` prefixes its own notes with "erp |"; the first one comes once the build is done and the CLI runs.
    if (marks.bootstrapMs === undefined && /^erp\s+\|/.test(line)) marks.bootstrapMs = performance.now() - startedAtMs;
    const reported = /ERP ready in ([\d.]+) s/.exec(line);
    if (reported) marks.upReportedMs = Number(reported[1]) * 1000;
  });
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    if (line.trim()) marks.lastErrorLine = line.trim().slice(0, 200);
  });
  return marks;
}

async function waitUntilAllHealthy(ports: readonly number[], child: ChildProcess, startedAtMs: number): Promise<number> {
  const deadlineMs = startedAtMs + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`npm start exited (${child.exitCode ?? child.signalCode}) before all services were healthy`);
    const answers = await Promise.all(
      ports.map((port) =>
        getHealth(`http://127.0.0.1:${port}`, 1_000).then(
          (answer) => answer.statusCode,
          () => 0,
        ),
      ),
    );
    if (answers.every((status) => status === 200)) return performance.now() - startedAtMs;
    if (performance.now() > deadlineMs) throw new Error(`not all services healthy within ${READY_TIMEOUT_MS / 1000} s (HTTP ${answers.join(', ')})`);
    await sleep(POLL_MS);
  }
}

/** `erp up` prints "ERP ready" after its own last health check, which may come a little after ours. */
async function waitForReadyLine(marks: OutputMarks, child: ChildProcess): Promise<void> {
  const deadlineMs = performance.now() + REPORT_TIMEOUT_MS;
  while (marks.upReportedMs === undefined && child.exitCode === null && performance.now() < deadlineMs) await sleep(POLL_MS);
}

/** Stops a failed start: SIGTERM as a user would, then SIGKILL to its process group if it does not go. */
async function terminate(child: ChildProcess, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const gone = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS, false, { ref: false })]);
  if (!gone && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
}

/** The bootstrap script's own rule: it installs when node_modules is missing or older than the manifest or lockfile. */
function installNeeded(): boolean {
  const marker = join(REPO_ROOT, 'node_modules', '.package-lock.json');
  const modifiedMs = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : 0);
  return !existsSync(marker) || ['package.json', 'package-lock.json'].some((file) => modifiedMs(join(REPO_ROOT, file)) > modifiedMs(marker));
}
