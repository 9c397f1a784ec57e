/** The part of a reply that sending a CSV document needs. */
interface CsvReply {
  type(contentType: string): CsvReply;
  header(name: string, value: string): CsvReply;
  send(payload: string): unknown;
}

/** The media range a client accepts and its weight. */
function weights(accept: string): Map<string, number> {
  const ranges = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [type = '', ...parameters] = part.split(';').map((item) => item.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (type !== '' && Number.isFinite(weight)) ranges.set(type, Math.max(ranges.get(type) ?? 0, weight));
  }
  return ranges;
}

/**
 * Whether a report goes out as CSV: `?format=csv`, or (without `format`) an Accept header that prefers text/csv
 * to JSON. Everything else, `*\/*` and a missing header included, gets JSON.
 */
export function wantsCsv(format: 'json' | 'csv' | undefined, accept: string | string[] | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  if (typeof accept !== 'string') return false;
  const ranges = weights(accept);
  const csv = ranges.get('text/csv') ?? 0;
  const json = Math.max(ranges.get('application/json') ?? 0, ranges.get('application/*') ?? 0, ranges.get('*/*') ?? 0);
  return csv > 0 && csv > json;
}

/**
 * Sends a CSV report as a download named `filename` (letters, digits, dots and dashes only). The route's reply is
 * typed by its JSON schema; a text/csv body never reaches that serializer, which Fastify runs for JSON only.
 */
export function sendCsv<Reply>(reply: Reply, filename: string, csv: string): Reply {
  const safe = filename.replace(/[^A-Za-z0-9.-]/g, '-');
  (reply as unknown as CsvReply).type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${safe}"`).send(csv);
  return reply;
}
