import type { ServiceApp } from '@erp/kit';
import { countOpenIncidents } from '../db/incidents.js';
import { findLatestSamples } from '../db/instance-samples.js';
import { findLatestPoints } from '../db/service-points.js';
import { type RouteOptions, recentWindowMs } from './context.js';
import { ServiceList } from './schemas.js';
import { toServiceViews } from './service-views.js';

/** `GET /services` (observer.monitoring:read): every service and instance with status, latest figures and thresholds. */
export async function serviceRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get('/services', { config: { permission: 'observer.monitoring:read' }, schema: { tags: ['observer'], response: { 200: ServiceList } } }, async () => {
    const config = context.source.current();
    const now = context.now();
    const since = new Date(now.getTime() - recentWindowMs(config.interval_ms));
    const [samples, points, incidents] = await Promise.all([
      findLatestSamples(context.db, since),
      findLatestPoints(context.db, since),
      countOpenIncidents(context.db),
    ]);
    return { observed_at: now.toISOString(), services: toServiceViews(config, samples, points, incidents) };
  });
}
