import { toTraceContext, toTraceparent } from '@erp/kit';
import { describe, expect, it } from 'vitest';

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

describe('toTraceContext', () => {
  it('should keep the trace of a valid traceparent and give the request a span of its own', () => {
    const trace = toTraceContext('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');

    expect(trace).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7', flags: '01' });
    expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.spanId).not.toBe('00f067aa0ba902b7');
  });

  it.each([undefined, 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'])('should start a new trace for %s', (header) => {
    const trace = toTraceContext(header);

    expect(toTraceparent(trace)).toMatch(TRACEPARENT);
    expect(trace.parentSpanId).toBeUndefined();
  });

  it('should never repeat an id, also across refills of its random pool', () => {
    const ids = Array.from({ length: 2000 }, () => toTraceContext(undefined));

    expect(new Set(ids.map((trace) => trace.traceId)).size).toBe(2000);
    expect(new Set(ids.map((trace) => trace.spanId)).size).toBe(2000);
  });
});
