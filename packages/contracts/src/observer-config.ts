import Type, { type Static } from 'typebox';

/** Threshold figures; every field optional in overrides, all present in `defaults`. */
const ThresholdProperties = {
  latency_p95_ms: Type.Number({ exclusiveMinimum: 0, maximum: 500, description: 'p95 latency of critical endpoints; never above 500 ms' }),
  cpu_percent: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
  memory_growth_mb_per_hour: Type.Number({ minimum: 0 }),
  error_rate: Type.Number({ minimum: 0, maximum: 1 }),
  event_loop_lag_ms: Type.Number({ exclusiveMinimum: 0 }),
};

/** The thresholds that apply unless a service overrides them. */
export const Thresholds = Type.Object(ThresholdProperties, { additionalProperties: false });
/** A service's overrides of {@link Thresholds}. */
export const ThresholdOverrides = Type.Partial(Thresholds);

/** One watched service: where it answers and which endpoints must stay fast. */
export const ObservedService = Type.Object(
  {
    url: Type.String({ pattern: '^https?://' }),
    critical_endpoints: Type.Array(Type.String({ pattern: '^(GET|POST|PUT|PATCH|DELETE) /' }), { minItems: 1 }),
    thresholds: Type.Optional(ThresholdOverrides),
    /** Bounds of the scaling recommendations and of `erp up --autoscale`; 1 and 4 unless given. */
    scaling: Type.Optional(
      Type.Object(
        { min_instances: Type.Integer({ minimum: 1, maximum: 8 }), max_instances: Type.Integer({ minimum: 1, maximum: 8 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * `observer_config.json`: the single source of truth for performance thresholds, read by the observer at
 * run time and by the CI performance gate.
 */
export const ObserverConfig = Type.Object(
  {
    interval_ms: Type.Integer({ minimum: 500 }),
    defaults: Thresholds,
    services: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), ObservedService),
    alerts: Type.Object(
      {
        critical_after: Type.Integer({ minimum: 1 }),
        notify: Type.Object({ channel: Type.String(), to: Type.String() }, { additionalProperties: false }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, $id: 'ObserverConfig' },
);

/** TypeScript shape of {@link ObserverConfig}. */
export type ObserverConfig = Static<typeof ObserverConfig>;
