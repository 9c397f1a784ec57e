import { getPrincipal, type ServiceApp } from '@erp/kit';
import Type from 'typebox';
import { CapabilitiesSchema } from '../settings/schemas.js';
import type { RouteOptions } from './context.js';

const DeploymentView = Type.Object({
  model: Type.String(),
  scope: Type.Union([Type.Literal('builtin'), Type.Literal('installation'), Type.Literal('tenant')]),
  capabilities: CapabilitiesSchema,
  price: Type.Object({ input_eur_per_million: Type.String(), output_eur_per_million: Type.String() }),
  breaker: Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('half-open')]),
  retry_at: Type.Union([Type.String(), Type.Null()]),
  latency_ms_ewma: Type.Union([Type.Number(), Type.Null()]),
});

/** `GET /deployments`: every model the tenant's requests may be routed to, with this instance's view of its health. */
export async function deploymentRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get(
    '/deployments',
    { config: { permission: 'ai.admin:manage' }, schema: { response: { 200: Type.Object({ items: Type.Array(DeploymentView) }) } } },
    async (request) => {
      const settings = await context.gateway.settings.get(getPrincipal(request).tenantId);
      const now = Date.now();
      const health = new Map(context.gateway.health.entries().map((entry) => [entry.key, entry]));
      const items = settings.deployments.map(({ deployment }) => {
        const status = context.gateway.health.status(deployment, now);
        const { capabilities, price } = deployment;
        return {
          model: deployment.name,
          scope: deployment.local ? ('builtin' as const) : deployment.key.startsWith('tenant/') ? ('tenant' as const) : ('installation' as const),
          capabilities: { ...capabilities, context_tokens: capabilities.contextTokens },
          price: { input_eur_per_million: price.inputEurPerMillion, output_eur_per_million: price.outputEurPerMillion },
          breaker: health.get(deployment.key)?.breaker.state ?? ('closed' as const),
          retry_at: status.retryAtMs === undefined ? null : new Date(status.retryAtMs).toISOString(),
          latency_ms_ewma: status.latencyMs === undefined ? null : Math.round(status.latencyMs * 10) / 10,
        };
      });
      return { items };
    },
  );
}
