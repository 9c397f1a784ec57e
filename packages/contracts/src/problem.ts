import Type, { type Static } from 'typebox';

/** One invalid field of a request, pointed at with a JSON pointer (RFC 6901). */
export const ProblemFieldError = Type.Object({
  pointer: Type.String(),
  detail: Type.String(),
});

/**
 * An RFC 9457 problem document, the body of every 4xx and 5xx answer (`application/problem+json`).
 * `code` is the machine-readable error code from the answering service's catalogue.
 */
export const ProblemDocument = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.String(),
    request_id: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(ProblemFieldError)),
  },
  { $id: 'ProblemDocument' },
);

/** TypeScript shape of {@link ProblemDocument}. */
export type ProblemDocument = Static<typeof ProblemDocument>;
/** TypeScript shape of {@link ProblemFieldError}. */
export type ProblemFieldError = Static<typeof ProblemFieldError>;

/** The media type of a problem document. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
