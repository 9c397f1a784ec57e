import { type ChildProcess, fork } from 'node:child_process';

/** A child process started for a benchmark; `stop()` ends it and waits. */
export interface BenchProcess {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Forks `file` with `env`, and resolves once `ready()` says so (polled every 50 ms, up to `timeoutMs`). */
export async function startProcess(file: string, env: Record<string, string>, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<BenchProcess> {
  const child = fork(file, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${file} exited with code ${child.exitCode} before it was ready`);
    if (await ready().catch(() => false)) return { child, stop };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`${file} was not ready within ${timeoutMs} ms`);
}

/** A readiness probe: the URL answers with HTTP 200. */
export function answers200(url: string): () => Promise<boolean> {
  return async () => (await fetch(url)).status === 200;
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux). Per-request CPU cost is
 * a steadier comparison than req/s on a shared two-core machine, where the load generator competes
 * with the server for the same cores.
 */
export async function cpuSeconds(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const clockTicksPerSecond = 100;
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}
