import type { ObserverConfig, Thresholds } from '@erp/contracts';
import type { Static } from 'typebox';

/** What the observer watches for one service: its thresholds (defaults merged with its overrides) and critical endpoints. */
export interface ServicePolicy {
  readonly thresholds: Static<typeof Thresholds>;
  /** `METHOD /route/template` of each endpoint whose p95 is judged against `latency_p95_ms`. */
  readonly criticalEndpoints: readonly string[];
  /** Bounds of the scaling recommendation (`scaling` of the service's entry; 1 and 4 unless given). */
  readonly scaling: { readonly minInstances: number; readonly maxInstances: number };
}

/** Scaling bounds of a service whose entry names none: a 2-core machine gains little from more than four. */
export const DEFAULT_SCALING = { minInstances: 1, maxInstances: 4 } as const;

/** The policy of `service`; a service that only the registry knows gets the defaults and no critical endpoints. */
export function policyOf(config: ObserverConfig, service: string): ServicePolicy {
  const entry = config.services[service];
  const scaling = entry?.scaling ? { minInstances: entry.scaling.min_instances, maxInstances: entry.scaling.max_instances } : DEFAULT_SCALING;
  return { thresholds: { ...config.defaults, ...(entry?.thresholds ?? {}) }, criticalEndpoints: entry?.critical_endpoints ?? [], scaling };
}
