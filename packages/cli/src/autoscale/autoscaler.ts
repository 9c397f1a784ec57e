import type { ServiceName } from '@erp/contracts';
import type { ErpSystem } from '../system/create-system.js';
import { type AutoscaleMemory, type AutoscalePolicy, DEFAULT_AUTOSCALE_POLICY, decideRound, type ScalingReading } from './decide.js';

export interface AutoscalerOptions {
  /** The observer's control route, e.g. `http://127.0.0.1:8010/internal/v1/scaling`. */
  readonly scalingUrl: string;
  /** The secret `erp up` gave the observer as OBSERVER_CONTROL_TOKEN. */
  readonly token: string;
  readonly intervalMs: number;
  readonly policy?: AutoscalePolicy;
  /** Every decision and hold, one line each, with its reason. */
  readonly log: (line: string) => void;
}

/** The running loop; `stop()` ends it after the round in flight. */
export interface Autoscaler {
  stop(): Promise<void>;
}

interface ScalingAnswer {
  readonly services: readonly (ScalingReading & { readonly minInstances: number; readonly maxInstances: number })[];
}

/**
 * `erp up --autoscale`: every `intervalMs` asks the observer for its scaling recommendations and applies
 * them to the running system within the bounds of observer_config.json, cooling down after each change and
 * scaling in only when the recommendation holds (see decide.ts). Rounds never overlap.
 */
export function startAutoscaler(
  system: Pick<ErpSystem, 'scale' | 'instances'> & { readonly services: readonly { readonly name: string }[] },
  options: AutoscalerOptions,
): Autoscaler {
  const policy = options.policy ?? DEFAULT_AUTOSCALE_POLICY;
  let memory: AutoscaleMemory = { lastChangeAt: new Map(), scaleInStreak: new Map() };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | undefined;

  async function runRound(): Promise<void> {
    const answer = await fetchReadings(options);
    if (!answer) return;
    const running = new Map(system.services.map((service) => [service.name as string, system.instances(service.name as ServiceName).length]));
    const bounds = new Map(answer.services.map((entry) => [entry.service, { min: entry.minInstances, max: entry.maxInstances }]));
    const decided = decideRound(answer.services, running, (service) => bounds.get(service) ?? { min: 1, max: 1 }, memory, policy, Date.now());
    memory = decided.memory;
    for (const hold of decided.holds) options.log(`autoscale: ${hold.service} unchanged: ${hold.reason}`);
    for (const decision of decided.decisions) {
      if (stopped) return;
      options.log(`autoscale: ${decision.service} ${decision.from} → ${decision.to}: ${decision.reason}`);
      await system.scale(decision.service as ServiceName, decision.to).catch((error: unknown) => {
        options.log(`autoscale: scaling ${decision.service} to ${decision.to} failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  }

  async function fetchReadings(settings: AutoscalerOptions): Promise<ScalingAnswer | undefined> {
    try {
      const response = await fetch(settings.scalingUrl, { headers: { authorization: `Bearer ${settings.token}` }, signal: AbortSignal.timeout(10_000) });
      if (response.status !== 200) {
        settings.log(`autoscale: the observer answered ${response.status}; no decision this round`);
        await response.arrayBuffer();
        return undefined;
      }
      return (await response.json()) as ScalingAnswer;
    } catch (error) {
      settings.log(`autoscale: the observer did not answer (${error instanceof Error ? error.message : String(error)}); no decision this round`);
      return undefined;
    }
  }

  function schedule(): void {
    timer = setTimeout(() => {
      round = runRound().finally(() => {
        round = undefined;
        if (!stopped) schedule();
      });
    }, options.intervalMs);
    timer.unref();
  }

  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
