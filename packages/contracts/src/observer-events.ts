import Type, { type Static } from 'typebox';

/** The CloudEvents `type` of each observer event. */
export const OBSERVER_EVENT_TYPES = { thresholdBreached: 'erp.observer.threshold.breached.v1' } as const;

/**
 * What an observer incident is about: a threshold of `observer_config.json` (same names), or an instance
 * that did not answer (`unreachable`) or reported itself failing (`unhealthy`).
 */
export const ObservedMetric = Type.Union([
  Type.Literal('latency_p95_ms'),
  Type.Literal('cpu_percent'),
  Type.Literal('memory_growth_mb_per_hour'),
  Type.Literal('error_rate'),
  Type.Literal('event_loop_lag_ms'),
  Type.Literal('unreachable'),
  Type.Literal('unhealthy'),
]);

/**
 * Data of `erp.observer.threshold.breached.v1`: the observer opened a critical incident because a watched
 * service broke a threshold for `consecutive_intervals` polling intervals in a row. Written once per
 * incident through the observer's outbox; the notification service turns it into a message to `notify`.
 * The event carries no tenant: it concerns the installation.
 *
 * ### Example
 * ```ts
 * import { Value } from 'typebox/value';
 * if (event.type === OBSERVER_EVENT_TYPES.thresholdBreached && Value.Check(ObserverThresholdBreachedV1, event.data)) notifyOperators(event.data);
 * ```
 */
export const ObserverThresholdBreachedV1 = Type.Object(
  {
    incident_id: Type.String({ format: 'uuid' }),
    service: Type.String({ minLength: 1 }),
    /** The instance concerned, or null when the figure belongs to the whole service (error rate, an endpoint's p95). */
    instance_url: Type.Union([Type.String(), Type.Null()]),
    metric: ObservedMetric,
    /** `METHOD /route/template` for an endpoint's latency, otherwise null. */
    route: Type.Union([Type.String(), Type.Null()]),
    /** The measured figure when the incident opened; null for `unreachable` and `unhealthy`. */
    value: Type.Union([Type.Number(), Type.Null()]),
    threshold: Type.Union([Type.Number(), Type.Null()]),
    consecutive_intervals: Type.Integer({ minimum: 1 }),
    opened_at: Type.String({ format: 'date-time' }),
    /** One sentence for a human, e.g. "GET /api/v1/orders p95 412 ms exceeds 300 ms". */
    detail: Type.String({ maxLength: 500 }),
    /** Where `observer_config.json` says alerts go. */
    notify: Type.Object({ channel: Type.String(), to: Type.String() }, { additionalProperties: false }),
  },
  { additionalProperties: false, $id: 'ObserverThresholdBreachedV1' },
);

/** TypeScript shape of {@link ObserverThresholdBreachedV1}. */
export type ObserverThresholdBreachedV1 = Static<typeof ObserverThresholdBreachedV1>;
/** TypeScript shape of {@link ObservedMetric}. */
export type ObservedMetric = Static<typeof ObservedMetric>;
