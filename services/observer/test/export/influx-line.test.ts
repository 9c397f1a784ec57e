import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeKey, escapeMeasurement, formatLine, formatLines, type InfluxPoint, quoteString } from '../../src/export/influx-line.js';

const AT = Date.UTC(2026, 10, 25, 12, 0, 0, 123);

function point(overrides: Partial<InfluxPoint> = {}): InfluxPoint {
  return { measurement: 'erp_service', tags: { service: 'finance' }, fields: { cpu_percent: 3.5 }, timeMs: AT, ...overrides };
}

/**
 * Splits a line at its unescaped spaces and reads back the escaped parts, as InfluxDB v2's parser does:
 * a backslash escapes the next character, `\\` stands for one backslash, and spaces inside a quoted string field do
 * not split.
 */
function unescapeParts(line: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index] as string;
    if (character === '\\' && index + 1 < line.length) {
      current += line[index + 1];
      index += 1;
    } else if (character === '"' && parts.length > 0) {
      // Quotes delimit string field values; in the measurement and tags they are ordinary characters.
      quoted = !quoted;
      current += character;
    } else if (character === ' ' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  parts.push(current);
  return parts;
}

describe('escaping', () => {
  it('should escape commas and spaces in a measurement, but not equals signs', () => {
    expect(escapeMeasurement('erp service,x=1')).toBe('erp\\ service\\,x=1');
  });

  it('should escape commas, equals signs and spaces in tag keys, tag values and field keys', () => {
    expect(escapeKey('a b,c=d')).toBe('a\\ b\\,c\\=d');
  });

  it('should double a backslash, so a value ending in one cannot swallow the separator after it', () => {
    expect(escapeKey('C:\\')).toBe('C:\\\\');
    expect(escapeMeasurement('a\\b')).toBe('a\\\\b');
  });

  it('should quote string fields, escaping double quotes and backslashes only', () => {
    expect(quoteString('say "hi", a=b \\ c')).toBe('"say \\"hi\\", a=b \\\\ c"');
  });

  it('should turn line breaks into spaces, since line protocol cannot carry them', () => {
    expect(quoteString('first\nsecond\r\nthird')).toBe('"first second third"');
    expect(escapeKey('a\nb')).toBe('a\\ b');
  });

  it('should cap a long string field', () => {
    const quoted = quoteString('x'.repeat(5000));

    expect(quoted.length).toBeLessThanOrEqual(1026);
    expect(quoted.endsWith('…"')).toBe(true);
  });

  it('should read back every tag value unchanged, whatever it holds', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((value) => !/[\r\n]/.test(value)),
        (value) => {
          const line = formatLine(point({ tags: { service: value } })) as string;

          const [series] = unescapeParts(line);
          expect(series).toBe(`erp_service,service=${value}`);
        },
      ),
    );
  });
});

describe('formatLine', () => {
  it('should write measurement, sorted tags, fields and the time in milliseconds', () => {
    const line = formatLine(point({ tags: { service: 'finance', instance: 'http://127.0.0.1:8006' }, fields: { cpu_percent: 3.5, rss_mb: 81.25 } }));

    expect(line).toBe(`erp_service,instance=http://127.0.0.1:8006,service=finance cpu_percent=3.5,rss_mb=81.25 ${AT}`);
  });

  it('should write integers with i, booleans bare and strings quoted', () => {
    const line = formatLine(point({ fields: { instances_up: { integer: 2 }, reachable: false, status: 'pass', cpu_percent: 0 } }));

    expect(line).toBe(`erp_service,service=finance instances_up=2i,reachable=false,status="pass",cpu_percent=0 ${AT}`);
  });

  it('should leave out null, NaN, infinite values and integers that are not safe integers', () => {
    const line = formatLine(
      point({ fields: { a: null, b: Number.NaN, c: Number.POSITIVE_INFINITY, d: { integer: 1.5 }, e: { integer: 2 ** 60 }, kept: 1e-7 } }),
    );

    expect(line).toBe(`erp_service,service=finance kept=1e-7 ${AT}`);
  });

  it('should write nothing for a point without any field value', () => {
    expect(formatLine(point({ fields: { cpu_percent: null } }))).toBeUndefined();
    expect(formatLines([point({ fields: { cpu_percent: null } }), point()])).toEqual([`erp_service,service=finance cpu_percent=3.5 ${AT}`]);
  });

  it('should leave out an empty tag value', () => {
    expect(formatLine(point({ tags: { service: 'finance', instance: '' } }))).toBe(`erp_service,service=finance cpu_percent=3.5 ${AT}`);
  });

  it('should escape hostile tag values and strings so the line keeps its shape', () => {
    const line = formatLine(
      point({ tags: { service: 'fin ance,evil=1', instance: 'http://h:1/a b' }, fields: { error: 'refused "x", y=1 \\', cpu_percent: 2 } }),
    ) as string;

    expect(line).toBe(`erp_service,instance=http://h:1/a\\ b,service=fin\\ ance\\,evil\\=1 error="refused \\"x\\", y=1 \\\\",cpu_percent=2 ${AT}`);
    expect(unescapeParts(line)).toEqual([
      'erp_service,instance=http://h:1/a b,service=fin ance,evil=1',
      'error="refused "x", y=1 \\",cpu_percent=2',
      String(AT),
    ]);
  });

  it('should refuse names InfluxDB reserves or cannot store', () => {
    expect(() => formatLine(point({ measurement: '_internal' }))).toThrow(RangeError);
    expect(() => formatLine(point({ fields: { _value: 1 } }))).toThrow(RangeError);
    expect(() => formatLine(point({ tags: { _start: 'x' } }))).toThrow(RangeError);
    expect(() => formatLine(point({ measurement: '' }))).toThrow(RangeError);
  });
});
