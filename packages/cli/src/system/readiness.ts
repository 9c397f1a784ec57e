import { getHealth } from '../health-client.js';

const POLL_MS = 200;
const REQUEST_TIMEOUT_MS = 2_000;

export interface ReadinessOptions {
  /** Epoch milliseconds after which waiting fails. */
  readonly deadline: number;
  /** Aborts the wait, e.g. when the system is being stopped. */
  readonly signal: AbortSignal;
  /** The pid that must answer: a health document from any other process (one that took the port) is not ours. */
  readonly pid: () => number | undefined;
}

/**
 * Polls `<url>/health` until the process with the expected pid answers 200 with status pass or warn, and
 * returns that status. Fails at the deadline with the last answer seen, which is usually the reason
 * (refused connection, 503 with the database failing, another program on the port).
 */
export async function waitUntilHealthy(url: string, options: ReadinessOptions): Promise<string> {
  let lastProblem = 'no answer yet';
  while (!options.signal.aborted) {
    const remainingMs = options.deadline - Date.now();
    if (remainingMs <= 0) throw new Error(`last answer: ${lastProblem}`);
    try {
      const answer = await getHealth(url, Math.min(REQUEST_TIMEOUT_MS, remainingMs));
      const { status, instance } = (answer.body ?? {}) as { status?: unknown; instance?: unknown };
      const ours = typeof instance === 'string' && instance.endsWith(`#${options.pid()}`);
      if (answer.statusCode === 200 && ours && (status === 'pass' || status === 'warn')) return status;
      lastProblem = ours ? `HTTP ${answer.statusCode}, status ${String(status)}` : `another process answers (instance ${String(instance)})`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await sleep(Math.min(POLL_MS, Math.max(0, options.deadline - Date.now())), options.signal);
  }
  throw new Error('stopped while waiting');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
