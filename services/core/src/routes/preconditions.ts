import type { FastifyRequest } from 'fastify';
import { PreconditionRequiredError } from '../errors.js';
import type { Precondition } from '../partners/context.js';

const ENTITY_TAG = /^\s*(W\/)?"([^"]*)"\s*$/;

/**
 * Parses `If-Match` (RFC 9110): `*`, or a list of entity tags. Weak tags never match (If-Match compares
 * strongly), and tags this service did not issue match no version; `undefined` without the header.
 */
export function parseIfMatch(header: string | undefined): Precondition | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return { any: true };
  const versions = header.split(',').flatMap((tag) => {
    const match = ENTITY_TAG.exec(tag);
    return match && !match[1] && /^[1-9]\d{0,9}$/.test(match[2] ?? '') ? [Number(match[2])] : [];
  });
  return { any: false, versions };
}

/** The `If-Match` precondition of an update, or 428 `CORE_PRECONDITION_REQUIRED` without one. */
export function requirePrecondition(request: FastifyRequest): Precondition {
  const precondition = parseIfMatch(request.headers['if-match']);
  if (!precondition) throw new PreconditionRequiredError();
  return precondition;
}

/** Whether `If-None-Match` names the current ETag, so a GET may answer 304 Not Modified. */
export function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (header === undefined) return false;
  return header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
