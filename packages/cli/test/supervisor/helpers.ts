import { fileURLToPath } from 'node:url';
import type { OutputLine, SupervisedProcess, SupervisorEvent, SupervisorOptions } from '../../dist/index.js';
import { superviseProcess } from '../../dist/index.js';

/** The path of a fixture script in `test/fixtures`. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

/** A supervised fixture and everything it reported, each event stamped with the time it arrived. */
export interface Watched {
  readonly process: SupervisedProcess;
  readonly events: Array<SupervisorEvent & { at: number }>;
  readonly lines: OutputLine[];
}

/** Supervises `name` from the fixtures with fast test settings, overridable per test. */
export function watch(name: string, args: string[] = [], overrides: Partial<SupervisorOptions> = {}): Watched {
  const events: Watched['events'] = [];
  const lines: OutputLine[] = [];
  const process = superviseProcess(
    { name: 'fixture', entry: fixture(name), args, env: { PATH: globalThis.process.env.PATH } },
    {
      restartLimit: 3,
      backoff: { delayMsInitial: 100, delayMsMax: 1_000 },
      stableAfterMs: 60_000,
      stopTimeoutMs: 2_000,
      onLine: (line) => lines.push(line),
      onEvent: (event) => events.push({ ...event, at: Date.now() }),
      ...overrides,
    },
  );
  return { process, events, lines };
}

/** Resolves once `check()` is true; fails after `timeoutMs` with `what` in the message. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
