import Type, { type Static } from 'typebox';

const Status = Type.Union([Type.Literal('pass'), Type.Literal('warn'), Type.Literal('fail')], {
  description: 'pass and warn answer HTTP 200, fail answers 503.',
});

/** The result of one dependency check inside the health document. */
export const HealthCheck = Type.Object(
  {
    status: Status,
    latency_ms: Type.Optional(Type.Number({ minimum: 0 })),
    detail: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/**
 * The uniform health document every service answers at `GET /health` (readiness).
 *
 * `cpu.percent` is the share of one core used by the process since the previous sample (like `top`), so a
 * single-threaded service saturates at about 100.
 *
 * ### Example
 * ```ts
 * import { Value } from 'typebox/value';
 * if (!Value.Check(HealthDocument, await response.json())) throw new Error('not a health document');
 * ```
 */
export const HealthDocument = Type.Object(
  {
    status: Status,
    service: Type.String({ minLength: 1 }),
    version: Type.String({ minLength: 1 }),
    instance: Type.String({ minLength: 1 }),
    time: Type.String({ format: 'date-time' }),
    uptime_s: Type.Number({ minimum: 0 }),
    cpu: Type.Object({ percent: Type.Number({ minimum: 0 }), cores: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
    memory: Type.Object(
      { rss_mb: Type.Number({ minimum: 0 }), heap_used_mb: Type.Number({ minimum: 0 }), heap_total_mb: Type.Number({ minimum: 0 }) },
      { additionalProperties: false },
    ),
    event_loop: Type.Object({ lag_p99_ms: Type.Number({ minimum: 0 }), utilization: Type.Number({ minimum: 0, maximum: 1 }) }, { additionalProperties: false }),
    db: Type.Object(
      {
        status: Status,
        latency_ms: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
        pool: Type.Object(
          { total: Type.Integer({ minimum: 0 }), idle: Type.Integer({ minimum: 0 }), waiting: Type.Integer({ minimum: 0 }) },
          { additionalProperties: false },
        ),
        connections: Type.Union([
          Type.Object({ used: Type.Integer({ minimum: 0 }), max: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
          Type.Null(),
        ]),
        size_mb: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
        detail: Type.Optional(Type.String({ maxLength: 500 })),
      },
      { additionalProperties: false },
    ),
    checks: Type.Record(Type.String(), HealthCheck),
  },
  { additionalProperties: false, $id: 'HealthDocument' },
);

/** TypeScript shape of {@link HealthDocument}. */
export type HealthDocument = Static<typeof HealthDocument>;
/** TypeScript shape of {@link HealthCheck}. */
export type HealthCheck = Static<typeof HealthCheck>;
/** One of `pass`, `warn`, `fail`. */
export type HealthStatus = HealthDocument['status'];
