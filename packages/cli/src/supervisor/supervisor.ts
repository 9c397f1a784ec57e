import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { type BackoffOptions, backoffDelayMs } from './backoff.js';
import { isGroupAlive, signalProcess, signalTree, waitUntilGone } from './process-tree.js';

const PARENT_WATCH_URL = new URL('./parent-watch.js', import.meta.url).href;

const OUTPUT_GRACE_MS = 1_000;

/** Exit code 78 (EX_CONFIG in sysexits.h): the process cannot succeed by retrying, so it is not restarted. */
export const EXIT_CONFIG = 78;

/** One Node process to run under supervision. */
export interface ProcessSpec {
  /** Shown before every log line and in events. */
  readonly name: string;
  /** The entry file, run with the same Node binary as the supervisor. */
  readonly entry: string;
  readonly args?: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** When given, the child gets an IPC channel and its messages arrive here. */
  readonly onMessage?: (message: unknown) => void;
}

/** A line of a child's output, without its line break. */
export interface OutputLine {
  readonly source: string;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** What happened to a supervised process, for the caller to report. */
export type SupervisorEvent =
  | { readonly type: 'spawned'; readonly name: string; readonly pid: number }
  | {
      readonly type: 'exited';
      readonly name: string;
      readonly pid: number;
      readonly code: number | null;
      readonly signal: string | null;
      readonly expected: boolean;
    }
  | { readonly type: 'restarting'; readonly name: string; readonly attempt: number; readonly delayMs: number }
  | { readonly type: 'gave-up'; readonly name: string; readonly restarts: number; readonly reason: string };

export interface SupervisorOptions {
  /** How many restarts in a row are allowed before the supervisor gives up on the process. */
  readonly restartLimit: number;
  readonly backoff: BackoffOptions;
  /** A process that ran at least this long before it crashed starts counting restarts from zero again. */
  readonly stableAfterMs: number;
  /** How long a process may take to exit after SIGTERM before it and its group get SIGKILL. */
  readonly stopTimeoutMs: number;
  readonly onLine: (line: OutputLine) => void;
  readonly onEvent: (event: SupervisorEvent) => void;
}

/** A process under supervision; its pid changes when it is restarted. */
export interface SupervisedProcess {
  readonly name: string;
  /** The pid of the current incarnation, or undefined while none runs. */
  readonly pid: number | undefined;
  /** Restarts since the last stable run. */
  readonly restarts: number;
  /** SIGTERM, then SIGKILL to its group after the stop timeout; resolves when the process and its group are gone. */
  stop(): Promise<void>;
  /** SIGKILL to the whole group at once, for a forced shutdown. */
  kill(): void;
}

/**
 * Starts `spec` and keeps it running: on a crash it restarts the process after an exponential backoff and
 * gives up after `restartLimit` restarts in a row. Output is split into lines and handed to `onLine`.
 *
 * ### Example
 * ```ts
 * const finance = superviseProcess({ name: 'finance', entry: 'services/finance/dist/main.js', env: process.env },
 *   { restartLimit: 5, backoff: DEFAULT_BACKOFF, stableAfterMs: 30_000, stopTimeoutMs: 15_000, onLine, onEvent });
 * await finance.stop();
 * ```
 */
export function superviseProcess(spec: ProcessSpec, options: SupervisorOptions): SupervisedProcess {
  return new Supervised(spec, options);
}

class Supervised implements SupervisedProcess {
  #child: ChildProcess | undefined;
  #restarts = 0;
  #stopping = false;
  #restartTimer: NodeJS.Timeout | undefined;
  #exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly spec: ProcessSpec,
    private readonly options: SupervisorOptions,
  ) {
    this.#start();
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get restarts(): number {
    return this.#restarts;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    const pid = this.#child?.pid;
    if (pid === undefined) return this.#exited;
    // The leader alone: it stops what it started in its own order (PostgreSQL after its clients).
    signalProcess(pid, 'SIGTERM');
    const escalation = setTimeout(() => signalTree(pid, 'SIGKILL'), this.options.stopTimeoutMs);
    await this.#exited;
    clearTimeout(escalation);
  }

  kill(): void {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    if (this.#child?.pid !== undefined) signalTree(this.#child.pid, 'SIGKILL');
  }

  #start(): void {
    this.#restartTimer = undefined;
    const startedAt = Date.now();
    const current = spawnChild(this.spec, this.options);
    this.#child = current;
    // Announced only now, so that a listener asking for the current pid already gets the new one.
    if (current.pid !== undefined) this.options.onEvent({ type: 'spawned', name: this.name, pid: current.pid });
    this.#exited = new Promise((resolve) => {
      current.once('error', (error) => {
        // Errors after a successful spawn (a failed kill, a broken pipe) do not end the process.
        if (current.pid !== undefined) return;
        this.#child = undefined;
        this.options.onEvent({ type: 'gave-up', name: this.name, restarts: this.#restarts, reason: `it could not be started: ${error.message}` });
        resolve();
      });
      current.once('exit', (code, signal) => {
        void this.#settleExit(current, Date.now() - startedAt, code, signal).finally(resolve);
      });
    });
  }

  async #settleExit(current: ChildProcess, ranMs: number, code: number | null, signal: string | null): Promise<void> {
    await outputEnded(current);
    await reapGroup(current.pid ?? 0, this.options.stopTimeoutMs);
    this.#child = undefined;
    this.options.onEvent({ type: 'exited', name: this.name, pid: current.pid ?? 0, code, signal, expected: this.#stopping });
    this.#decideRestart(ranMs, code, signal);
  }

  #decideRestart(ranMs: number, code: number | null, signal: string | null): void {
    if (this.#stopping) return;
    if (ranMs >= this.options.stableAfterMs) this.#restarts = 0;
    const reason =
      code === EXIT_CONFIG
        ? 'it reported a problem that a restart cannot fix'
        : this.#restarts >= this.options.restartLimit
          ? `it crashed again (${signal ? `signal ${signal}` : `exit code ${code}`}) after ${this.#restarts} restarts`
          : undefined;
    if (reason) {
      this.options.onEvent({ type: 'gave-up', name: this.name, restarts: this.#restarts, reason });
      return;
    }
    this.#restarts += 1;
    const delayMs = backoffDelayMs(this.#restarts, this.options.backoff);
    this.options.onEvent({ type: 'restarting', name: this.name, attempt: this.#restarts, delayMs });
    this.#restartTimer = setTimeout(() => this.#start(), delayMs);
  }
}

/**
 * Resolves once the exited process's output pipes have ended ('close'), so that its last lines, even one
 * without a line break, have been handed on; a grandchild that keeps a pipe open delays this only briefly.
 */
function outputEnded(child: ChildProcess): Promise<void> {
  if (child.stdout?.closed !== false && child.stderr?.closed !== false) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('close', () => resolve());
    setTimeout(resolve, OUTPUT_GRACE_MS).unref();
  });
}

/**
 * After the leader exited: whatever it started and left behind belongs to it and goes with it. SIGINT
 * rather than SIGTERM, because for PostgreSQL SIGTERM is the "smart" shutdown that waits for every client
 * to disconnect and SIGINT the fast one; Node programs and most others treat the two alike.
 */
async function reapGroup(pid: number, timeoutMs: number): Promise<void> {
  if (pid <= 0 || !isGroupAlive(pid)) return;
  signalTree(pid, 'SIGINT');
  if (await waitUntilGone(() => isGroupAlive(pid), timeoutMs)) return;
  signalTree(pid, 'SIGKILL');
  await waitUntilGone(() => isGroupAlive(pid), 2_000);
}

function spawnChild(spec: ProcessSpec, options: SupervisorOptions): ChildProcess {
  const child = spawn(process.execPath, ['--import', PARENT_WATCH_URL, spec.entry, ...(spec.args ?? [])], {
    cwd: spec.cwd,
    // Read by parent-watch.ts, which must tell whether this supervisor is still its parent.
    env: { ...spec.env, ERP_SUPERVISOR_PID: String(process.pid) },
    // Its own process group: a Ctrl-C in the terminal reaches only the supervisor, which then stops the
    // children in order, and the whole group can be signalled at once.
    detached: true,
    stdio: spec.onMessage ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  forwardLines(child.stdout, (text) => options.onLine({ source: spec.name, stream: 'stdout', text }));
  forwardLines(child.stderr, (text) => options.onLine({ source: spec.name, stream: 'stderr', text }));
  if (spec.onMessage) child.on('message', spec.onMessage);
  return child;
}

function forwardLines(stream: Readable | null, onLine: (text: string) => void): void {
  if (!stream) return;
  // readline keeps a partial line until its end arrives, so a JSON log line is never cut in two.
  createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', onLine);
}
