import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SERVICES, type ServiceName } from '@erp/contracts';
import { freePort } from '@erp/kit/testing';

/** The built `erp` command. */
export const ERP = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));

/** A free random port for each service, so that the system under test never meets a running one. */
export async function randomPorts(): Promise<Record<ServiceName, number>> {
  const entries = await Promise.all(SERVICES.map(async (service) => [service.name, await freePort()] as const));
  return Object.fromEntries(entries) as Record<ServiceName, number>;
}

/**
 * The environment for `erp`: this one without Redis and RabbitMQ (a shared Redis would let the instances
 * under test join the registry of another running system), plus the test's database, folder and ports.
 */
export function erpEnvironment(databaseUrl: string, dataDir: string, ports: Record<ServiceName, number>): Record<string, string | undefined> {
  const { REDIS_URL: _redis, AMQP_URL: _amqp, ...inherited } = process.env;
  const portVariables = Object.fromEntries(SERVICES.map((service) => [`ERP_${service.name.toUpperCase()}_PORT`, String(ports[service.name])]));
  return { ...inherited, ...portVariables, DATABASE_URL: databaseUrl, ERP_DATA_DIR: dataDir, LOG_LEVEL: 'info', NO_COLOR: '1' };
}

/** A running `erp` process and everything it printed so far. */
export interface ErpProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts `erp <args>` and collects its stdout and stderr together. */
export function startErp(args: string[], env: Record<string, string | undefined>): ErpProcess {
  const child = spawn(process.execPath, [ERP, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** Runs `erp <args>` to its end. */
export async function runErp(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  const erp = startErp(args, env);
  const code = await erp.exited;
  return { code, output: erp.output() };
}

/** Waits until `erp up` printed its ready line; fails with its output if it exits or takes too long. */
export async function waitUntilReady(erp: ErpProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void erp.exited.then(() => {
    exited = true;
  });
  while (!erp.output().includes('ERP ready in')) {
    if (exited || Date.now() > deadline) throw new Error(`erp up did not become ready:\n${erp.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The rows of the ready table as `{ name, url, pid }`. */
export function readyRows(output: string): Array<{ name: string; url: string; pid: number }> {
  const rows = output.split('\n').map((line) => line.trim().split(/\s+/));
  return rows
    .filter((cells) => cells.length === 5 && SERVICES.some((service) => service.name === cells[0]) && /^http/.test(cells[1] ?? ''))
    .map((cells) => ({ name: cells[0] ?? '', url: cells[1] ?? '', pid: Number(cells[2]) }));
}

/** Every process below `pid` (children, grandchildren, ...), from /proc. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() ?? 0) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Kills whatever of `pids` still runs; the last line of defence in a test's cleanup. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
