import { BadRequestError } from '@erp/kit';

// Cursors are opaque to clients: the position after the last item of the previous page, as base64url JSON.
export function toCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Reads a cursor this service issued; `isPosition` says whether the decoded value has the right shape. */
export function fromCursor<Position>(cursor: string, isPosition: (value: unknown) => value is Position): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isPosition(value)) return value;
  } catch {
    // Falls through to the same answer as a well-formed but foreign cursor.
  }
  throw new BadRequestError('The cursor is not one this service issued; start again without a cursor.');
}
