// A small parser of the Prometheus text exposition format (version 0.0.4), written here because no parser is
// installed: prom-client only writes the format, and the npm parsers (prom2json ports, parse-prometheus-text-format)
// are unmaintained or pull in a dependency tree for what is about a hundred lines. It reads counters, gauges,
// histograms and summaries, label escapes and the special values; it rejects what it cannot read, naming the line.

/** One sample line: `name{label="value"} 1.5`. */
export interface ExpositionSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of one metric; a histogram's `_bucket`, `_sum` and `_count` samples belong to its family. */
export interface MetricFamily {
  readonly name: string;
  readonly type: string;
  readonly samples: ExpositionSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const SUFFIXES: Readonly<Record<string, readonly string[]>> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };

/** Parses exposition text into metric families by name; throws a `SyntaxError` naming the first unreadable line. */
export function parseExposition(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    try {
      if (line.startsWith('#')) readComment(line, families);
      else addSample(families, parseSample(line));
    } catch (error) {
      throw new SyntaxError(`metrics line ${index + 1}: ${(error as Error).message}`);
    }
  }
  return families;
}

function readComment(line: string, families: Map<string, MetricFamily>): void {
  const match = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
  if (!match?.[1] || !match[2]) return;
  const existing = families.get(match[1]);
  families.set(match[1], { name: match[1], type: match[2], samples: existing?.samples ?? [] });
}

function addSample(families: Map<string, MetricFamily>, sample: ExpositionSample): void {
  const family = familyOf(families, sample.name);
  if (family) family.samples.push(sample);
  else families.set(sample.name, { name: sample.name, type: 'untyped', samples: [sample] });
}

function familyOf(families: Map<string, MetricFamily>, sampleName: string): MetricFamily | undefined {
  const own = families.get(sampleName);
  if (own) return own;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sampleName.endsWith(suffix)) continue;
    const family = families.get(sampleName.slice(0, -suffix.length));
    if (family && SUFFIXES[family.type]?.includes(suffix)) return family;
  }
  return undefined;
}

/** Parses one sample line; exported for tests of the label escapes. */
export function parseSample(line: string): ExpositionSample {
  const name = NAME.exec(line)?.[0];
  if (!name) throw new Error('expected a metric name');
  let rest = line.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const parsed = parseLabels(rest);
    labels = parsed.labels;
    rest = rest.slice(parsed.length);
  }
  const [valueText] = rest.trim().split(/\s+/);
  if (!valueText) throw new Error(`expected a value after ${name}`);
  return { name, labels, value: parseValue(valueText) };
}

function parseLabels(text: string): { labels: Record<string, string>; length: number } {
  const labels: Record<string, string> = {};
  let position = 1;
  for (;;) {
    while (text[position] === ' ' || text[position] === ',') position += 1;
    if (text[position] === '}') return { labels, length: position + 1 };
    const name = LABEL_NAME.exec(text.slice(position))?.[0];
    if (!name) throw new Error('expected a label name');
    position += name.length;
    if (text.slice(position, position + 2) !== '="') throw new Error(`expected ="..." after label ${name}`);
    const value = readQuoted(text, position + 2);
    labels[name] = value.text;
    position = value.end;
  }
}

function readQuoted(text: string, start: number): { text: string; end: number } {
  let value = '';
  for (let position = start; position < text.length; position += 1) {
    const char = text[position];
    if (char === '"') return { text: value, end: position + 1 };
    if (char !== '\\') {
      value += char;
      continue;
    }
    position += 1;
    const escaped = text[position];
    value += escaped === 'n' ? '\n' : (escaped ?? '');
  }
  throw new Error('unterminated label value');
}

function parseValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`"${text}" is not a number`);
  return value;
}
