import type { HealthCheck } from '@erp/contracts';
import type { HealthCheckDefinition } from '@erp/kit';
import type { UpstreamResolver } from '../upstream-resolver.js';

// The health document caps a detail at 500 characters.
const DETAIL_LENGTH_MAX = 500;

/**
 * The `upstreams` check of the gateway's `/health`: `warn` naming every instance that is unhealthy, ejected
 * or behind an open or half-open breaker, `pass` otherwise. Never `fail`: other instances may still serve.
 */
export function upstreamsHealthCheck(resolver: () => UpstreamResolver | undefined): HealthCheckDefinition {
  return {
    critical: false,
    async run(): Promise<HealthCheck> {
      const troubles: string[] = [];
      for (const { service, instances } of resolver()?.report() ?? []) {
        for (const instance of instances) {
          const reasons = [
            ...(instance.healthy ? [] : ['unhealthy']),
            ...(instance.ejected ? ['ejected'] : []),
            ...(instance.breaker === 'closed' ? [] : [`circuit ${instance.breaker}`]),
          ];
          if (reasons.length > 0) troubles.push(`${service} ${instance.url}: ${reasons.join(', ')}`);
        }
      }
      if (troubles.length === 0) return { status: 'pass' };
      const detail = troubles.join('; ');
      return { status: 'warn', detail: detail.length > DETAIL_LENGTH_MAX ? `${detail.slice(0, DETAIL_LENGTH_MAX - 1)}…` : detail };
    },
  };
}
