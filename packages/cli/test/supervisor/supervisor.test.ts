import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, isGroupAlive } from '../../dist/index.js';
import { fixture, type Watched, waitFor, watch } from './helpers.js';

/** Reads the `{"child": <pid>}` line the mini supervisor prints once its child runs. */
async function firstChildPid(stdout: Readable): Promise<number> {
  for await (const line of createInterface({ input: stdout })) return (JSON.parse(line) as { child: number }).child;
  throw new Error('the mini supervisor ended without starting its child');
}

const watched: Watched[] = [];
afterEach(async () => {
  await Promise.all(watched.splice(0).map((entry) => entry.process.stop()));
});
const track = (entry: Watched) => {
  watched.push(entry);
  return entry;
};

describe('superviseProcess', () => {
  it('should restart a crashing process with doubling delays and give up after the restart limit', async () => {
    const { events } = track(watch('crash.mjs', ['1'], { restartLimit: 3 }));

    await waitFor(() => events.some((event) => event.type === 'gave-up'), 'the supervisor to give up');

    const restarts = events.filter((event) => event.type === 'restarting');
    expect(restarts.map((event) => [event.attempt, event.delayMs])).toEqual([
      [1, 100],
      [2, 200],
      [3, 400],
    ]);
    expect(events.filter((event) => event.type === 'spawned')).toHaveLength(4);
    for (const restart of restarts) {
      const nextSpawn = events.find((event) => event.type === 'spawned' && event.at >= restart.at);
      expect(nextSpawn?.at ?? 0).toBeGreaterThanOrEqual(restart.at + restart.delayMs - 5);
    }
    expect(events.at(-1)).toMatchObject({ type: 'gave-up', restarts: 3 });
  });

  it('should not restart a process that exits with EX_CONFIG (78)', async () => {
    const { events } = track(watch('crash.mjs', ['78']));

    await waitFor(() => events.some((event) => event.type === 'gave-up'), 'the supervisor to give up');

    expect(events.filter((event) => event.type === 'spawned')).toHaveLength(1);
    expect(events.some((event) => event.type === 'restarting')).toBe(false);
  });

  it('should count restarts from zero again when a process crashes after a stable run', async () => {
    const { events } = track(watch('crash.mjs', ['1'], { restartLimit: 1, stableAfterMs: 0, backoff: { delayMsInitial: 20, delayMsMax: 20 } }));

    await waitFor(() => events.filter((event) => event.type === 'restarting').length >= 3, 'three restarts');

    expect(events.some((event) => event.type === 'gave-up')).toBe(false);
    expect(events.filter((event) => event.type === 'restarting').every((event) => event.attempt === 1)).toBe(true);
  });

  it('should hand on whole lines when the output arrives in pieces', async () => {
    const entry = track(watch('split-lines.mjs'));
    await waitFor(() => entry.lines.filter((line) => line.stream === 'stdout').length >= 3, 'three lines');

    await entry.process.stop();

    const stdout = entry.lines.filter((line) => line.stream === 'stdout').map((line) => JSON.parse(line.text) as { msg: string });
    expect(stdout.map((line) => line.msg)).toEqual(['line 1', 'line 2', 'line 3']);
    expect(entry.lines.filter((line) => line.stream === 'stderr').map((line) => line.text)).toEqual(['an error line without a line break']);
  });

  it('should kill the whole process group when the process ignores SIGTERM', async () => {
    const entry = track(watch('ignores-sigterm.mjs', [], { stopTimeoutMs: 300 }));
    await waitFor(() => entry.lines.length > 0, 'the grandchild pid');
    const child = entry.process.pid ?? 0;
    const { grandchild } = JSON.parse(entry.lines[0]?.text ?? '{}') as { grandchild: number };

    await entry.process.stop();

    expect(isAlive(child)).toBe(false);
    expect(isAlive(grandchild)).toBe(false);
    expect(isGroupAlive(child)).toBe(false);
    expect(entry.events.find((event) => event.type === 'exited')).toMatchObject({ expected: true, signal: 'SIGKILL' });
  });

  it('should end a child that ignores SIGTERM when its supervisor is killed', { timeout: 20_000 }, async () => {
    const supervisor = spawn(process.execPath, [fixture('mini-supervisor.mjs'), fixture('ignores-sigterm.mjs'), 'alone'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let child = 0;
    try {
      child = await firstChildPid(supervisor.stdout);

      supervisor.kill('SIGKILL');
      await waitFor(() => !isAlive(child), 'the orphaned child to end', 15_000);

      expect(isAlive(child)).toBe(false);
    } finally {
      supervisor.kill('SIGKILL');
      if (child > 0 && isAlive(child)) process.kill(child, 'SIGKILL');
    }
  });
});
