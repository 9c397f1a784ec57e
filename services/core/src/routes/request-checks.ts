import type { FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { InvalidCursorError } from '../errors.js';

interface SchemaIssue {
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

/** TypeBox's issues as the kit's problem handler reads Ajv's: an unknown field becomes one issue at its own pointer. */
function toIssues(issues: Iterable<{ keyword: string; instancePath: string; message: string; params: unknown }>): SchemaIssue[] {
  const all = [...issues].flatMap((issue) => {
    if (issue.keyword === 'anyOf' || issue.keyword === 'boolean') return [];
    if (issue.keyword !== 'additionalProperties')
      return [{ instancePath: issue.instancePath, message: issue.message, params: issue.params as Record<string, unknown> }];
    const names = (issue.params as { additionalProperties?: string[] }).additionalProperties ?? [];
    return names.map((name) => ({
      instancePath: `${issue.instancePath}/${name}`,
      message: 'is not a field of this resource; see /docs for the fields',
      params: {},
    }));
  });
  // A nullable field reports "must be null" besides the real problem; keep it only where it is the only one.
  return all.filter((issue) => issue.message !== 'must be null' || all.filter((other) => other.instancePath === issue.instancePath).length === 1);
}

/**
 * A preValidation hook that checks a JSON body strictly against `schema` and refuses it with 400
 * `KIT_VALIDATION_FAILED` and a pointer per problem. The kit's validator would silently drop unknown fields
 * (a client whose misspelt field vanished would believe it saved) and coerce types (an amount sent as a
 * JSON number, i.e. a binary float, would pass as a decimal string).
 */
export function strictBody(schema: TSchema) {
  const validator = Compile(schema);
  return async (request: FastifyRequest): Promise<void> => {
    if (request.body === undefined || validator.Check(request.body)) return;
    const issues = toIssues(validator.Errors(request.body));
    throw Object.assign(new Error('The body does not match the schema'), { statusCode: 400, validation: issues, validationContext: 'body' });
  };
}

/** An opaque cursor for the position after which the next page starts. */
export function toCursor(position: readonly string[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position in a cursor of {@link toCursor}, checked against `pattern` element by element. */
export function fromCursor(cursor: string, patterns: readonly RegExp[]): string[] {
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(position) &&
      position.length === patterns.length &&
      position.every((part, index) => typeof part === 'string' && patterns[index]?.test(part))
    ) {
      return position as string[];
    }
  } catch {
    // Falls through to the same answer as a well-formed but foreign cursor.
  }
  throw new InvalidCursorError();
}
