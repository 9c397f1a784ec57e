import type { ObserverConfig, Thresholds } from '@erp/contracts';
import type { Static } from 'typebox';

/** What the observer watches for one service: its thresholds (defaults merged with its overrides) and critical endpoints. */
export interface ServicePolicy {
  readonly thresholds: Static<typeof Thresholds>;
  /** `METHOD /route/template` of each endpoint whose p95 is judged against `latency_p95_ms`. */
  readonly criticalEndpoints: readonly string[];
}

/** The policy of `service`; a service that only the registry knows gets the defaults and no critical endpoints. */
export function policyOf(config: ObserverConfig, service: string): ServicePolicy {
  const entry = config.services[service];
  return { thresholds: { ...config.defaults, ...(entry?.thresholds ?? {}) }, criticalEndpoints: entry?.critical_endpoints ?? [] };
}
