/** What the generated deploy files are made of: no dates, no anchors, no multi-document streams. */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

// Words a YAML 1.1 reader (Prometheus uses one) would take for a boolean or null when unquoted.
const RESERVED = new Set(['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null', '~']);
const PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

/**
 * Writes `value` as block-style YAML, deterministically (keys in insertion order), so that a generated file
 * only changes when its source does. Strings are plain when that is unambiguous, single-quoted when they hold
 * double quotes (PromQL), and double-quoted otherwise (JSON escapes, which YAML shares). The output is what
 * the repository's formatter (biome) would write, so `npm run lint` passes on the generated files.
 */
export function toYaml(value: YamlValue): string {
  return `${lines(value, 0).join('\n')}\n`;
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`YAML cannot hold the number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (PLAIN.test(value) && !RESERVED.has(value.toLowerCase())) return value;
  // Double quotes unless the text holds some and no single quote: the quoting the repository's formatter keeps.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters need the escapes of double quotes.
  if (value.includes('"') && !value.includes("'") && !/[\u0000-\u001f\u007f]/.test(value)) return `'${value}'`;
  return JSON.stringify(value);
}

function isScalar(value: YamlValue): value is string | number | boolean | null {
  return value === null || typeof value !== 'object';
}

function isEmpty(value: YamlValue): boolean {
  return Array.isArray(value) ? value.length === 0 : !isScalar(value) && Object.keys(value).length === 0;
}

function lines(value: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (isScalar(value)) return [`${pad}${scalar(value)}`];
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((item: YamlValue) => {
      if (isScalar(item) || isEmpty(item)) return [`${pad}- ${isScalar(item) ? scalar(item) : Array.isArray(item) ? '[]' : '{}'}`];
      // The first line of a nested block goes on the dash's line; the rest keep the block's indent.
      const [first = '', ...rest] = lines(item, indent + 2);
      return [`${pad}- ${first.trimStart()}`, ...rest];
    });
  }
  const entries = Object.entries(value as { readonly [key: string]: YamlValue });
  if (entries.length === 0) return [`${pad}{}`];
  return entries.flatMap(([key, item]) => {
    if (isScalar(item)) return [`${pad}${scalar(key)}: ${scalar(item)}`];
    if (isEmpty(item)) return [`${pad}${scalar(key)}: ${Array.isArray(item) ? '[]' : '{}'}`];
    return [`${pad}${scalar(key)}:`, ...lines(item, indent + 2)];
  });
}
