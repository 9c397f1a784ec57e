const LINE_WIDTH = 160;

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

function isScalar(value: Json): value is string | number | boolean | null {
  return value === null || typeof value !== 'object';
}

/**
 * `JSON.stringify(value, null, 2)` as the repository's formatter (biome) writes it: objects one key per line,
 * an array of scalars on one line when it fits in 160 columns. A generated file then passes `npm run lint`.
 */
export function toFormattedJson(value: unknown): string {
  return `${format(value as Json, 0, 0)}\n`;
}

function format(value: Json, indent: number, prefixLength: number): string {
  if (isScalar(value)) return JSON.stringify(value);
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inline = `[${value.map((item: Json) => JSON.stringify(item)).join(', ')}]`;
    // The closing comma after the array counts towards the line.
    if (value.every(isScalar) && indent + prefixLength + inline.length + 1 <= LINE_WIDTH) return inline;
    return `[\n${value.map((item: Json) => `${pad}${format(item, indent + 2, 0)}`).join(',\n')}\n${' '.repeat(indent)}]`;
  }
  const entries = Object.entries(value as { readonly [key: string]: Json });
  if (entries.length === 0) return '{}';
  const lines = entries.map(([key, item]) => {
    const prefix = `${JSON.stringify(key)}: `;
    return `${pad}${prefix}${format(item, indent + 2, prefix.length)}`;
  });
  return `{\n${lines.join(',\n')}\n${' '.repeat(indent)}}`;
}
