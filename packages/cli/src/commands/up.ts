import { SERVICES } from '@erp/contracts';
import { startAutoscaler } from '../autoscale/autoscaler.js';
import type { CliEnvironment } from '../config.js';
import { readyTable } from '../health-table.js';
import { createLinePrefixer } from '../log-lines.js';
import { stateFilePath } from '../paths.js';
import { isUpRunning, readState, removeState, type UpState, writeState } from '../state-file.js';
import type { OutputLine } from '../supervisor/supervisor.js';
import { controlSocketPath, startControlServer } from '../system/control.js';
import { createSystem, type ErpSystem, type ReadySystem, SystemStoppedError } from '../system/create-system.js';
import { createDeferred } from '../system/deferred.js';
import { SYSTEM_SOURCE } from '../system/event-lines.js';
import { upDetached } from './up-detached.js';
import { toUpInvocation, type UpInvocation } from './up-options.js';

// Signals that arrive this soon after the first are echoes (npm and the bootstrap script forward the
// terminal's Ctrl-C once more); a later one means the user insists, and everything is killed at once.
const REPEAT_SIGNAL_GRACE_MS = 2_000;

/** `erp up`: starts the system, prints the ready table, and runs until a signal stops it. */
export async function up(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  const invocation = toUpInvocation(argv, environment);
  const statePath = stateFilePath(invocation.dataDir);
  const running = runningUp(statePath);
  if (running) {
    console.error(`The ERP is already running from ${invocation.dataDir} (erp up pid ${running.pid}). See "erp status", or stop it with "erp down".`);
    return 1;
  }
  if (invocation.detach) return upDetached(argv, environment, invocation);
  return upForeground(invocation, environment, statePath);
}

/** The state of an `erp up` that still runs from the data folder of `statePath`, if any. */
export function runningUp(statePath: string): UpState | undefined {
  const state = readState(statePath);
  if (!state || state.pid === process.pid) return undefined;
  return isUpRunning(state) ? state : undefined;
}

async function upForeground(invocation: UpInvocation, environment: CliEnvironment, statePath: string): Promise<number> {
  // A closed terminal or pipe must not crash the supervisor and orphan its children.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  const startedAt = new Date();
  const finished = createDeferred<number>();
  let ready: ReadySystem | undefined;
  let stopping = false;

  const names = [...(invocation.system.services ?? SERVICES.map((service) => service.name)), 'postgres', SYSTEM_SOURCE];
  const prefix = createLinePrefixer(names, environment.colourAllowed && process.stdout.isTTY === true);
  const write = (line: OutputLine) => (line.stream === 'stderr' ? process.stderr : process.stdout).write(`${prefix(line)}\n`);
  const note = (text: string, stream: OutputLine['stream'] = 'stdout') => write({ source: SYSTEM_SOURCE, stream, text });
  const system: ErpSystem = createSystem({
    ...invocation.system,
    onLine: write,
    // A restarted process has a new pid; `erp status` and `erp down` must see it.
    onEvent: (event) => {
      if (event.type === 'spawned') record();
    },
    onFailure: (error) => shutdown(1, error.message),
  });
  const record = () => writeState(statePath, toState(system, ready, startedAt));
  const shutdown = (code: number, reason: string) => {
    if (stopping) return;
    stopping = true;
    note(`stopping (${reason})`, code === 0 ? 'stdout' : 'stderr');
    void system.stop().then(() => {
      removeState(statePath, process.pid);
      note('stopped');
      finished.resolve(code);
    });
  };
  installStopTriggers(system, shutdown, note);

  record();
  try {
    ready = await system.start();
  } catch (error) {
    if (error instanceof SystemStoppedError) return finished.promise;
    removeState(statePath, process.pid);
    note(`could not start the ERP: ${error instanceof Error ? error.message : String(error)}`, 'stderr');
    return 1;
  }
  record();
  printReady(ready);
  const scaling = scalingThatRecords(system, record, note);
  if (invocation.autoscaleIntervalMs !== undefined) {
    const autoscaler = startAutoscaler(
      { ...scaling, services: system.services },
      {
        scalingUrl: `${ready.services.find((service) => service.name === 'observer')?.url ?? ''}/internal/v1/scaling`,
        token: String(invocation.system.env.OBSERVER_CONTROL_TOKEN),
        intervalMs: invocation.autoscaleIntervalMs,
        log: (line) => note(line),
      },
    );
    note(`autoscale: following the observer's recommendations every ${invocation.autoscaleIntervalMs / 1000} s`);
    void finished.promise.finally(() => autoscaler.stop());
  }
  const socketPath = controlSocketPath(invocation.dataDir);
  await startControlServer(scaling, socketPath).then(
    (server) => {
      void finished.promise.finally(() => server.close());
    },
    (error: unknown) => note(`erp scale will not reach this system: ${error instanceof Error ? error.message : String(error)}`, 'stderr'),
  );
  return finished.promise;
}

/** The system's scaling, with every change logged and written to the state file (new pids for erp down). */
function scalingThatRecords(system: ErpSystem, record: () => void, note: (text: string) => void): Pick<ErpSystem, 'scale' | 'instances'> {
  return {
    instances: (service) => system.instances(service),
    scale: async (service, count) => {
      note(`scaling ${service} to ${count} instance${count === 1 ? '' : 's'}`);
      const outcome = await system.scale(service, count);
      record();
      note(`${service}: ${outcome.before} → ${outcome.after} instances (${outcome.instances.map((instance) => instance.url).join(', ')})`);
      return outcome;
    },
  };
}

function installStopTriggers(system: ErpSystem, shutdown: (code: number, reason: string) => void, note: (text: string) => void): void {
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt === undefined) {
      firstSignalAt = Date.now();
      shutdown(0, signal === 'SIGINT' ? 'Ctrl-C; press it again to kill everything at once' : signal);
    } else if (Date.now() - firstSignalAt > REPEAT_SIGNAL_GRACE_MS) {
      note('killing every process now');
      system.kill();
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  // Started by another Node process with an IPC channel: when that parent goes away, so does the system.
  if (process.channel) process.once('disconnect', () => shutdown(0, 'the parent process went away'));
}

function printReady(ready: ReadySystem): void {
  const gateway = ready.services.find((service) => service.name === 'gateway');
  const database = ready.database.kind === 'embedded' ? `embedded PostgreSQL at ${ready.database.label}` : `PostgreSQL at ${ready.database.label}`;
  const adopted = ready.database.adopted ? ' (reused from an earlier run)' : '';
  console.log(`\n${readyTable(ready.services)}\n`);
  console.log(`ERP ready in ${(ready.readyMs / 1000).toFixed(1)} s${gateway ? `; gateway at ${gateway.url}` : ''}; database: ${database}${adopted}.`);
  console.log('Ctrl-C stops everything. From another shell: erp status, erp down.\n');
}

function toState(system: ErpSystem, ready: ReadySystem | undefined, startedAt: Date): UpState {
  const processes = system.processes();
  return {
    pid: process.pid,
    startedAt: startedAt.toISOString(),
    phase: ready ? 'ready' : 'starting',
    database: ready ? { kind: ready.database.kind, label: ready.database.label } : undefined,
    services: system.services.map((service) => ({
      name: service.name,
      url: service.url,
      pid: processes.find((entry) => entry.name === service.name)?.pid,
      startupMs: ready?.services.find((entry) => entry.name === service.name)?.startupMs,
    })),
    processes,
  };
}
