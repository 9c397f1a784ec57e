import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@erp/kit/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../packages/cli/dist/index.js';

const POSTGRES_ENTRY = fileURLToPath(new URL('../../packages/cli/dist/postgres/postgres-main.js', import.meta.url));

interface ReadyMessage {
  type: 'ready';
  url: string;
  port: number;
  adopted: boolean;
}

let folder: string;
let dataDir: string;
let port: number;
const started: ChildProcess[] = [];

/** Starts the embedded PostgreSQL process the way `erp up` does and waits for its ready message. */
async function startPostgresProcess(): Promise<{ child: ChildProcess; ready: ReadyMessage }> {
  const child = spawn(process.execPath, [POSTGRES_ENTRY, '--data-dir', dataDir, '--port', String(port)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  started.push(child);
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    child.once('message', (message) => resolve(message as ReadyMessage));
    child.once('exit', (code) => reject(new Error(`the PostgreSQL process exited with ${code} before it was ready`)));
  });
  return { child, ready };
}

async function postmasterPid(): Promise<number> {
  return Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>('select 1 as one')).rows[0]?.one ?? 0;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'erp-embedded-test-'));
  // The server runs as the postgres system user when we are root; it must be able to enter the folder.
  await chmod(folder, 0o755);
  dataDir = join(folder, 'postgres');
  port = await freePort();
});

afterAll(async () => {
  for (const child of started) child.kill('SIGKILL');
  const pid = await postmasterPid().catch(() => 0);
  if (pid > 0 && isAlive(pid)) process.kill(pid, 'SIGQUIT');
  await rm(folder, { recursive: true, force: true });
});

describe('the embedded PostgreSQL process', () => {
  it('should reuse a server left running by a killed predecessor and stop it on SIGTERM', { timeout: 90_000 }, async () => {
    // 1. A first process creates the cluster and starts the server.
    const first = await startPostgresProcess();
    expect(first.ready.adopted).toBe(false);
    expect(await selectOne(first.ready.url)).toBe(1);
    const server = await postmasterPid();

    // 2. It dies without cleaning up; the server keeps running as an orphan.
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(isAlive(server)).toBe(true);

    // 3. The next process finds the orphan and reuses it instead of failing on the taken port.
    const second = await startPostgresProcess();
    expect(second.ready).toMatchObject({ adopted: true, port });
    expect(await selectOne(second.ready.url)).toBe(1);

    // 4. SIGTERM stops the reused server too.
    const exited = new Promise((resolve) => second.child.once('exit', (code) => resolve(code)));
    second.child.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(isAlive(server)).toBe(false);
  });
});
