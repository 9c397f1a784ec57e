import Type, { type Static } from 'typebox';

/**
 * The CloudEvents 1.0 envelope of every domain event, with the `tenantid` and `traceparent` extensions.
 * Type names follow `erp.<service>.<entity>.<verb>.v<major>`, e.g. `erp.finance.entry.posted.v1`.
 */
export const CloudEvent = Type.Object(
  {
    specversion: Type.Literal('1.0'),
    id: Type.String({ minLength: 1 }),
    source: Type.String({ minLength: 1 }),
    type: Type.String({ pattern: '^erp\\.[a-z0-9_]+\\.[a-z0-9_]+\\.[a-z0-9_]+\\.v[0-9]+$' }),
    time: Type.String({ format: 'date-time' }),
    subject: Type.Optional(Type.String()),
    datacontenttype: Type.Literal('application/json'),
    tenantid: Type.Optional(Type.String()),
    traceparent: Type.Optional(Type.String()),
    data: Type.Unknown(),
  },
  { $id: 'CloudEvent' },
);

/** TypeScript shape of {@link CloudEvent}. */
export type CloudEvent<Data = unknown> = Omit<Static<typeof CloudEvent>, 'data'> & { data: Data };

/** Matches a valid event type name. */
export const EVENT_TYPE_PATTERN = /^erp\.[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+\.v[0-9]+$/;
