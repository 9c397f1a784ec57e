import { appError, type ServiceApp } from '@erp/kit';
import Type from 'typebox';
import type { DashboardAsset } from '../dashboard/assets.js';
import { DASHBOARD_METRICS } from '../dashboard/history.js';
import { loadOverview } from '../dashboard/overview.js';
import type { RouteOptions } from './context.js';
import { Incident, NullableNumber, ServiceView } from './schemas.js';

// The page loads only its own files and talks only to its own origin; the token never leaves it. Inline styles
// are allowed because a report opened from the page (a blob: document) inherits this policy and has a <style>.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** `GET /dashboard` and its files: public, because they hold no data; the page asks for a token to read any. */
export async function dashboardPageRoutes(app: ServiceApp, { assets }: { assets: readonly DashboardAsset[] }): Promise<void> {
  for (const asset of assets) {
    app.get(asset.urlPath, async (request, reply) => {
      reply
        .header('etag', asset.etag)
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('content-security-policy', CONTENT_SECURITY_POLICY);
      if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
      return reply.type(asset.contentType).send(asset.body);
    });
  }
}

const OverviewQuery = Type.Object(
  {
    range_min: Type.Integer({ minimum: 1, maximum: 2880, default: 60, description: 'Minutes of history, at most 48 hours.' }),
    points: Type.Integer({ minimum: 10, maximum: 1000, default: 240, description: 'At most this many points per series.' }),
  },
  { additionalProperties: false },
);

const NullableSeries = Type.Array(NullableNumber);
const DashboardSeries = Type.Object({
  t: Type.Array(Type.Integer(), { description: 'Epoch seconds: the start of each step.' }),
  ...Object.fromEntries(DASHBOARD_METRICS.map((metric) => [metric, NullableSeries])),
});

const Overview = Type.Object({
  observed_at: Type.String({ format: 'date-time' }),
  interval_ms: Type.Integer(),
  range: Type.Object({
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    step_s: Type.Number(),
    resolution: Type.Union([Type.Literal('raw'), Type.Literal('1m'), Type.Literal('1h')]),
  }),
  services: Type.Array(Type.Object({ ...ServiceView.properties, series: DashboardSeries })),
  incidents: Type.Array(Incident),
  latest_report: Type.Union([Type.Object({ id: Type.String(), created_at: Type.String({ format: 'date-time' }) }), Type.Null()]),
});

function notAnInteger(name: string) {
  return appError({
    code: 'KIT_VALIDATION_FAILED',
    status: 400,
    title: 'Request is invalid',
    detail: 'The request querystring does not match the schema; see errors[] for each field.',
    errors: [{ pointer: `/${name}`, detail: 'must be an integer within the allowed range' }],
  });
}

/**
 * `GET /dashboard` (observer.monitoring:read): everything the dashboard shows on load in one response, the
 * history of every service downsampled to at most `points` steps.
 */
export async function dashboardRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get(
    '/dashboard',
    {
      config: { permission: 'observer.monitoring:read' },
      schema: { tags: ['observer'], querystring: OverviewQuery, response: { 200: Overview } },
    },
    async (request) => {
      const { range_min: rangeMin, points } = request.query;
      // Ajv turns a number too long for a double into Infinity and lets it pass `maximum`; refuse it here.
      for (const [name, value] of Object.entries({ range_min: rangeMin, points })) {
        if (!Number.isSafeInteger(value)) throw notAnInteger(name);
      }
      return loadOverview(context, { rangeMin, points });
    },
  );
}
