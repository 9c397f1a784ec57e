import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { dueCount } from '../bench/pacing.js';
import type { DrivenEndpoint } from './gate.js';

/** One kind of request the gate offers at a fixed rate. `send` resolves to true for the expected answer. */
export interface PacedScenario {
  /** The observer's name of the route, `"METHOD /path/template"`. */
  readonly endpoint: string;
  readonly ratePerSecond: number;
  send(): Promise<boolean>;
}

export interface PacedLoadOptions {
  readonly durationMs: number;
  /** Requests of one scenario in flight at most; a due request beyond it is dropped and counted. */
  readonly maxInFlight: number;
  readonly tickMs?: number;
}

/**
 * Offers every scenario its rate at the same time for `durationMs` (open loop: a slow answer never delays
 * the next request, it shows as latency or, past `maxInFlight`, as dropped requests) and returns what the
 * client saw per endpoint.
 */
export async function runPacedLoad(scenarios: readonly PacedScenario[], options: PacedLoadOptions): Promise<DrivenEndpoint[]> {
  return Promise.all(scenarios.map((scenario) => drive(scenario, options)));
}

async function drive(scenario: PacedScenario, options: PacedLoadOptions): Promise<DrivenEndpoint> {
  const total = Math.floor((options.durationMs * scenario.ratePerSecond) / 1000);
  const times: number[] = [];
  const pending = new Set<Promise<void>>();
  let started = 0;
  let failed = 0;
  let dropped = 0;
  const begin = performance.now();
  const sendOne = () => {
    const at = performance.now();
    const request = scenario
      .send()
      .catch(() => false)
      .then((ok) => {
        times.push(performance.now() - at);
        if (!ok) failed += 1;
        pending.delete(request);
      });
    pending.add(request);
  };
  while (started + dropped < total) {
    const due = dueCount(performance.now() - begin, scenario.ratePerSecond, total);
    for (; started + dropped < due; ) {
      if (pending.size >= options.maxInFlight) dropped += 1;
      else {
        started += 1;
        sendOne();
      }
    }
    await sleep(options.tickMs ?? 5);
  }
  await Promise.all(pending);
  const sorted = times.sort((a, b) => a - b);
  return { endpoint: scenario.endpoint, sent: started, failed, dropped, p95Ms: quantile(sorted, 0.95) };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
