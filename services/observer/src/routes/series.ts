import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import { findServicePoints, hasServicePoints } from '../db/service-points.js';
import { planSeries, seriesValues } from '../domain/series-plan.js';
import { SERIES_METRICS } from '../domain/service-point.js';
import { ServiceNotObservedError } from '../errors.js';
import type { RouteOptions } from './context.js';
import { ServiceName } from './schemas.js';

const SeriesQuery = Type.Object(
  {
    metric: Type.Enum(SERIES_METRICS),
    from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    step: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400, description: 'Seconds per point.' })),
  },
  { additionalProperties: false },
);

const Series = Type.Object({
  service: Type.String(),
  metric: Type.String(),
  resolution: Type.Union([Type.Literal('raw'), Type.Literal('1m'), Type.Literal('1h')]),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  step_s: Type.Number(),
  points: Type.Array(Type.Object({ t: Type.String({ format: 'date-time' }), value: Type.Number() })),
});

const DEFAULT_RANGE_MS = 3_600_000;

/** `GET /services/:name/series` (observer.monitoring:read): one metric of a service over time, from raw polls or rollups. */
export async function seriesRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get(
    '/services/:name/series',
    {
      config: { permission: 'observer.monitoring:read' },
      schema: { tags: ['observer'], params: Type.Object({ name: ServiceName }), querystring: SeriesQuery, response: { 200: Series } },
    },
    async (request) => {
      const { name } = request.params;
      const { metric, from, to, step } = request.query;
      const now = context.now();
      const toMs = to ? Date.parse(to) : now.getTime();
      const fromMs = from ? Date.parse(from) : toMs - DEFAULT_RANGE_MS;
      const config = context.source.current();
      const plan = planSeries({ fromMs, toMs, stepS: step, rawSinceMs: now.getTime() - context.rawRetentionMs, intervalMs: config.interval_ms });
      const points = await findServicePoints(context.db, name, plan.resolution, new Date(plan.fromMs), new Date(plan.toMs));
      if (points.length === 0 && !config.services[name] && !(await hasServicePoints(context.db, name))) throw new ServiceNotObservedError(name);
      return {
        service: name,
        metric,
        resolution: plan.resolution,
        from: new Date(plan.fromMs).toISOString(),
        to: new Date(plan.toMs).toISOString(),
        step_s: plan.stepMs / 1000,
        points: seriesValues(points, plan, metric),
      };
    },
  );
}
