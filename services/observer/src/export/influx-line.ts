/**
 * InfluxDB line protocol (https://docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/), pure:
 * `measurement,tag=value field=1.5,count=3i,up=true,status="pass" 1764072000000`.
 */

/** A field value: a float, an integer (written with `i`), a boolean or a string; null and non-finite numbers are left out. */
export type InfluxFieldValue = number | { readonly integer: number } | boolean | string | null;

export interface InfluxPoint {
  readonly measurement: string;
  /** Empty values are left out (line protocol has no empty tag value). */
  readonly tags: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, InfluxFieldValue>>;
  /** Unix time in milliseconds (the write uses `precision=ms`). */
  readonly timeMs: number;
}

// String field values are capped well below line protocol's 64 KB limit; an error message needs no more.
const MAX_STRING_FIELD_CHARS = 1024;

/**
 * Line protocol has no escape for a line break in any element, so a break becomes a space. A backslash is
 * doubled: two backslashes read as one, and a single one before an escaped character (or at the end of a tag
 * value) would otherwise swallow what follows.
 */
function flatten(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, ' ');
}

/** A measurement name: commas and spaces escaped. */
export function escapeMeasurement(name: string): string {
  return flatten(name).replace(/[\\, ]/g, (character) => `\\${character}`);
}

/** A tag key, tag value or field key: commas, equals signs and spaces escaped. */
export function escapeKey(text: string): string {
  return flatten(text).replace(/[\\,= ]/g, (character) => `\\${character}`);
}

/** A string field value: in double quotes, with double quotes and backslashes escaped. */
export function quoteString(text: string): string {
  const capped = text.length > MAX_STRING_FIELD_CHARS ? `${text.slice(0, MAX_STRING_FIELD_CHARS - 1)}…` : text;
  return `"${flatten(capped).replace(/["\\]/g, (character) => `\\${character}`)}"`;
}

function formatValue(value: InfluxFieldValue): string | undefined {
  if (value === null) return undefined;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  return Number.isSafeInteger(value.integer) ? `${value.integer}i` : undefined;
}

function checkName(kind: string, name: string): void {
  // The `_` namespace is reserved for InfluxDB's own use.
  if (name.length === 0 || name.startsWith('_')) throw new RangeError(`${kind} "${name}" is empty or starts with an underscore`);
}

/**
 * One point as a line; undefined when no field has a value (line protocol needs at least one field). Tags
 * are sorted by key, as InfluxDB recommends. A name that is empty or starts with `_` is a programming error.
 */
export function formatLine(point: InfluxPoint): string | undefined {
  checkName('measurement', point.measurement);
  const fields: string[] = [];
  for (const [key, value] of Object.entries(point.fields)) {
    checkName('field key', key);
    const formatted = formatValue(value);
    if (formatted !== undefined) fields.push(`${escapeKey(key)}=${formatted}`);
  }
  if (fields.length === 0) return undefined;
  const tags = Object.entries(point.tags)
    .filter(([, value]) => value.length > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => {
      checkName('tag key', key);
      return `,${escapeKey(key)}=${escapeKey(value)}`;
    })
    .join('');
  return `${escapeMeasurement(point.measurement)}${tags} ${fields.join(',')} ${Math.round(point.timeMs)}`;
}

/** The lines of `points`, leaving out points without a field value. */
export function formatLines(points: readonly InfluxPoint[]): string[] {
  return points.flatMap((point) => {
    const line = formatLine(point);
    return line === undefined ? [] : [line];
  });
}
