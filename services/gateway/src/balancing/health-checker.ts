import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { FastifyBaseLogger } from 'fastify';

export interface HealthCheckerOptions {
  /** The instances to check, read again every round. */
  targets: () => readonly string[];
  /** Called with each result. */
  report: (url: string, healthy: boolean) => void;
  intervalMs: number;
  /** How long one `GET /health` may take before the instance counts as unhealthy. */
  timeoutMs: number;
  /**
   * While any instance is unhealthy, the next round comes after this much instead of `intervalMs`: an instance
   * that failed only because it was still starting (the gateway starts with the system) is back within a
   * second, not after a whole interval during which a freshly registered sibling would get all the traffic.
   */
  recheckMs?: number;
  /** How many checks run at once. */
  concurrency?: number;
  log: Pick<FastifyBaseLogger, 'info'>;
}

/** A running loop of active health checks. */
export interface HealthChecker {
  /** Resolves when the round in flight (if any) has ended; no round starts afterwards. */
  stop(): Promise<void>;
}

/**
 * One `GET <url>/health` on a connection of its own that closes afterwards: checks are seconds apart, and a
 * pooled idle connection would outlive the gateway and hold up the upstream's graceful shutdown.
 */
function probe(url: string, signal: AbortSignal): Promise<number> {
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const request = get(`${url}/health`, { agent: false, signal, headers: { accept: 'application/json' } }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('error', reject);
    });
    request.once('error', reject);
  });
}

/**
 * Checks `GET /health` of every instance now and then every `intervalMs` (`recheckMs` while one is unhealthy)
 * after the previous round ended, so rounds never overlap however slow the instances are. An answer below 500 passes (a `warn` document still
 * serves); a 5xx, no answer within `timeoutMs` or a refused connection fails.
 */
export function startHealthChecker(options: HealthCheckerOptions): HealthChecker {
  const controller = new AbortController();
  const concurrency = options.concurrency ?? 8;
  const verdicts = new Map<string, boolean>();
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | undefined;

  async function check(url: string): Promise<void> {
    let healthy: boolean;
    try {
      const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(options.timeoutMs)]);
      healthy = (await probe(url, signal)) < 500;
    } catch {
      healthy = false;
    }
    if (controller.signal.aborted) return;
    // One line per change, not per round: a dead instance would otherwise log every interval.
    if (verdicts.get(url) !== healthy) options.log.info({ upstream: url, healthy }, 'upstream health changed');
    verdicts.set(url, healthy);
    options.report(url, healthy);
  }

  /** Checks every target once; true when one of them is unhealthy now. */
  async function runRound(): Promise<boolean> {
    const targets = [...options.targets()];
    const queue = [...targets];
    const worker = async () => {
      for (let url = queue.shift(); url !== undefined && !controller.signal.aborted; url = queue.shift()) await check(url);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    return targets.some((url) => verdicts.get(url) === false);
  }

  function schedule(delayMs: number): void {
    timer = setTimeout(() => {
      // check() catches every failure, so a round always resolves.
      round = runRound().then((anyUnhealthy) => {
        round = undefined;
        const delay = anyUnhealthy ? Math.min(options.recheckMs ?? options.intervalMs, options.intervalMs) : options.intervalMs;
        if (!controller.signal.aborted) schedule(delay);
      });
    }, delayMs);
    timer.unref();
  }

  schedule(0);
  return {
    async stop() {
      controller.abort();
      clearTimeout(timer);
      await round;
    },
  };
}
