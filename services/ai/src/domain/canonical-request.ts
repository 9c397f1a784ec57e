/**
 * The canonical text of a request for the exact cache: keys sorted at every level, strings in Unicode NFC, and
 * message texts without leading and trailing white space, so that requests that differ only in those respects
 * share an entry. Absent and `undefined` fields are left out; array order is kept (it carries meaning).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, field]) => field !== undefined)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  return Object.fromEntries(
    entries.map(([key, field]) => [key, key === 'content' && typeof field === 'string' ? field.normalize('NFC').trim() : normalise(field)]),
  );
}
