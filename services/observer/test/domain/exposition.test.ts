import { describe, expect, it } from 'vitest';
import { parseExposition, parseSample } from '../../src/domain/exposition.js';

const PROM_CLIENT_OUTPUT = `# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total{service="core"} 1.25

# HELP http_request_duration_seconds HTTP request duration in seconds, by route template
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/v1/orders/:id",status_code="200",service="core"} 3
http_request_duration_seconds_bucket{le="0.01",method="GET",route="/api/v1/orders/:id",status_code="200",service="core"} 7
http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/v1/orders/:id",status_code="200",service="core"} 8
http_request_duration_seconds_sum{method="GET",route="/api/v1/orders/:id",status_code="200",service="core"} 0.061
http_request_duration_seconds_count{method="GET",route="/api/v1/orders/:id",status_code="200",service="core"} 8
`;

describe('parseExposition', () => {
  it('should group a histogram’s bucket, sum and count samples under its family', () => {
    const families = parseExposition(PROM_CLIENT_OUTPUT);

    const histogram = families.get('http_request_duration_seconds');
    expect(histogram?.type).toBe('histogram');
    expect(histogram?.samples.map((sample) => sample.name)).toEqual([
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_sum',
      'http_request_duration_seconds_count',
    ]);
    expect(histogram?.samples[2]).toEqual({
      name: 'http_request_duration_seconds_bucket',
      labels: { le: '+Inf', method: 'GET', route: '/api/v1/orders/:id', status_code: '200', service: 'core' },
      value: 8,
    });
  });

  it('should read counters and samples without a TYPE line as their own families', () => {
    const families = parseExposition('# TYPE jobs_total counter\njobs_total 4\nloose_gauge{a="b"} -2.5e-3\n');

    expect(families.get('jobs_total')?.samples[0]?.value).toBe(4);
    expect(families.get('loose_gauge')).toEqual({
      name: 'loose_gauge',
      type: 'untyped',
      samples: [{ name: 'loose_gauge', labels: { a: 'b' }, value: -0.0025 }],
    });
  });

  it('should not take a counter’s _count sample into an unrelated family', () => {
    const families = parseExposition('# TYPE requests counter\nrequests_count 3\n');

    expect(families.get('requests')?.samples).toEqual([]);
    expect(families.get('requests_count')?.samples[0]?.value).toBe(3);
  });

  it('should name the line of malformed input', () => {
    expect(() => parseExposition('ok 1\nbroken{le="1" 2\n')).toThrow(/metrics line 2/);
    expect(() => parseExposition('no_value\n')).toThrow(/line 1: expected a value/);
    expect(() => parseExposition('x abc\n')).toThrow(/"abc" is not a number/);
  });
});

describe('parseSample', () => {
  it('should unescape backslashes, quotes and newlines in label values', () => {
    const sample = parseSample(String.raw`m{path="C:\\dir",quote="say \"hi\"",text="a\nb"} 1`);

    expect(sample.labels).toEqual({ path: 'C:\\dir', quote: 'say "hi"', text: 'a\nb' });
  });

  it('should accept commas and braces inside label values and a trailing comma', () => {
    expect(parseSample('m{route="/a,{b}",x="1",} 2 1700000000000')).toEqual({ name: 'm', labels: { route: '/a,{b}', x: '1' }, value: 2 });
  });

  it('should read the special values', () => {
    expect(parseSample('m +Inf').value).toBe(Number.POSITIVE_INFINITY);
    expect(parseSample('m -Inf').value).toBe(Number.NEGATIVE_INFINITY);
    expect(parseSample('m NaN').value).toBeNaN();
  });
});
