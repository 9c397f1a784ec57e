import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import { policyOf } from '../domain/thresholds.js';
import { ControlTokenInvalidError } from '../errors.js';
import { generateReport } from '../reports/generate-report.js';
import type { RouteContext } from './context.js';

const ScalingQuery = Type.Object(
  { window_min: Type.Integer({ minimum: 1, maximum: 60, default: 2, description: 'Minutes of figures the recommendation rests on.' }) },
  { additionalProperties: false },
);

/**
 * `GET /internal/v1/scaling`: the scaling recommendation of every service for the launcher's autoscaler
 * (`erp up --autoscale`). Not a tenant's data and not under /api, so the gateway never forwards it; the
 * caller proves it is the launcher with the secret it gave this observer (OBSERVER_CONTROL_TOKEN), compared
 * in constant time. Registered only when that secret is configured.
 */
export async function scalingRoutes(app: ServiceApp, { context, token }: { context: RouteContext; token: string }): Promise<void> {
  const expected = digest(token);
  app.get('/internal/v1/scaling', { schema: { tags: ['observer'], querystring: ScalingQuery } }, async (request) => {
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) throw new ControlTokenInvalidError();
    const config = context.source.current();
    const report = await generateReport(context.db, config, { now: context.now(), windowMin: request.query.window_min, memoryLimitMb: context.memoryLimitMb });
    return {
      generated_at: report.generated_at,
      window: report.window,
      services: report.services.map((service) => {
        const { scaling } = policyOf(config, service.name);
        return {
          service: service.name,
          currentInstances: service.scaling?.currentInstances ?? service.instances.reachable,
          recommendedInstances: service.scaling?.recommendedInstances ?? Math.max(scaling.minInstances, service.instances.reachable),
          action: service.scaling?.action ?? 'hold',
          justification: service.scaling?.justification ?? 'no load measured in the window',
          minInstances: scaling.minInstances,
          maxInstances: scaling.maxInstances,
        };
      }),
    };
  });
}

/** Both sides hashed first, so timingSafeEqual compares equal lengths whatever was presented. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
