import { freePort } from '@erp/kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInfluxWriter, type InfluxWriterOptions, influxWriteUrl } from '../../src/export/influx-writer.js';
import { type FakeInflux, startFakeInflux } from './influx-fake.js';

interface LogLine {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  message: string;
}

let influx: FakeInflux;
let logs: LogLine[];
const logger = {
  info: (fields: object, message: string) => logs.push({ level: 'info', fields: fields as Record<string, unknown>, message }),
  warn: (fields: object, message: string) => logs.push({ level: 'warn', fields: fields as Record<string, unknown>, message }),
};

function writer(overrides: Partial<InfluxWriterOptions> = {}) {
  return createInfluxWriter({ url: influx.url, org: 'acme', bucket: 'erp', token: 's3cret', timeoutMs: 2000, logger, ...overrides });
}

/** Waits until `predicate` holds (the writer works in the background). */
async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeEach(async () => {
  influx = await startFakeInflux();
  logs = [];
});

afterEach(async () => {
  await influx.close();
});

describe('influxWriteUrl', () => {
  it('should build the v2 write URL with org, bucket and millisecond precision, keeping a path prefix', () => {
    expect(influxWriteUrl({ url: 'http://influx:8086', org: 'acme corp', bucket: 'erp/raw' })).toBe(
      'http://influx:8086/api/v2/write?org=acme+corp&bucket=erp%2Fraw&precision=ms',
    );
    expect(influxWriteUrl({ url: 'https://proxy.example/influx/', org: undefined, bucket: 'erp' })).toBe(
      'https://proxy.example/influx/api/v2/write?bucket=erp&precision=ms',
    );
  });
});

describe('createInfluxWriter', () => {
  it('should POST a poll’s lines as one request with the token, org, bucket and precision', async () => {
    const sink = writer();

    sink.write(['erp_service,service=finance cpu_percent=3 1764072000000', 'erp_service,service=core cpu_percent=4 1764072000000']);
    const [write] = await influx.waitForWrites(1);

    expect(write).toMatchObject({ method: 'POST', path: '/api/v2/write', authorization: 'Token s3cret', contentType: 'text/plain; charset=utf-8' });
    expect(Object.fromEntries(write?.query ?? [])).toEqual({ org: 'acme', bucket: 'erp', precision: 'ms' });
    expect(write?.body).toBe('erp_service,service=finance cpu_percent=3 1764072000000\nerp_service,service=core cpu_percent=4 1764072000000');
    await until(() => sink.stats().writes === 1);
    expect(sink.stats()).toMatchObject({ writes: 1, linesWritten: 2, failedWrites: 0, pendingLines: 0, failing: false });
    await sink.close();
  });

  it('should send neither org nor an Authorization header when none is configured', async () => {
    const sink = writer({ org: undefined, token: undefined });

    sink.write(['m f=1 1']);
    const [write] = await influx.waitForWrites(1);

    expect(write?.authorization).toBeUndefined();
    expect(write?.query.has('org')).toBe(false);
    await sink.close();
  });

  it('should keep lines of a failed write for the next poll, log the failure once and the recovery once', async () => {
    influx.setMode({ answer: 'status', status: 503, body: '{"code":"unavailable","message":"shutting down"}' });
    const sink = writer();

    for (const poll of [1, 2, 3]) {
      sink.write([`m f=${poll} ${poll}`]);
      await until(() => sink.stats().failedWrites === poll);
    }
    influx.setMode({ answer: 'ok' });
    sink.write(['m f=4 4']);
    await until(() => sink.stats().writes === 1);

    expect(influx.writes.map((write) => write.lines)).toEqual([
      ['m f=1 1'],
      ['m f=1 1', 'm f=2 2'],
      ['m f=1 1', 'm f=2 2', 'm f=3 3'],
      ['m f=1 1', 'm f=2 2', 'm f=3 3', 'm f=4 4'],
    ]);
    expect(logs.map((line) => [line.level, line.message.split(';')[0]])).toEqual([
      ['warn', 'InfluxDB write failed'],
      ['info', 'InfluxDB writes recovered'],
    ]);
    expect(logs[0]?.fields.reason).toBe('HTTP 503: {"code":"unavailable","message":"shutting down"}');
    expect(logs[1]?.fields).toMatchObject({ failed_writes: 3, dropped_lines: 0 });
    expect(JSON.stringify(logs)).not.toContain('s3cret');
    expect(sink.stats()).toMatchObject({ writes: 1, linesWritten: 4, failedWrites: 3, droppedLines: 0, failing: false });
    await sink.close();
  });

  it('should drop a batch InfluxDB refuses as malformed or unauthorised, and count it', async () => {
    influx.setMode({ answer: 'status', status: 400, body: '{"code":"invalid","message":"unable to parse"}' });
    const sink = writer();

    sink.write(['bad line']);
    await until(() => sink.stats().failedWrites === 1);
    influx.setMode({ answer: 'ok' });
    sink.write(['m f=1 1']);
    await until(() => sink.stats().writes === 1);

    expect(influx.writes.at(-1)?.lines).toEqual(['m f=1 1']);
    expect(sink.stats()).toMatchObject({ droppedLines: 1, failedWrites: 1, linesWritten: 1 });
    await sink.close();
  });

  it('should return at once while InfluxDB hangs, time the request out, and retry with the next poll', async () => {
    influx.setMode({ answer: 'hang' });
    const sink = writer({ timeoutMs: 300 });

    const started = performance.now();
    for (let poll = 0; poll < 20; poll += 1) sink.write([`m f=${poll} ${poll}`]);
    const elapsedMs = performance.now() - started;
    await until(() => sink.stats().failedWrites === 1);

    expect(elapsedMs).toBeLessThan(50);
    expect(influx.writes).toHaveLength(1);
    expect(sink.stats()).toMatchObject({ failing: true, pendingLines: 20, lastError: 'timed out after 300 ms' });
    expect((await sink.healthCheck.run()).status).toBe('warn');
    influx.setMode({ answer: 'ok' });
    sink.write(['m f=20 20']);
    await until(() => sink.stats().writes === 1);
    expect(influx.writes.at(-1)?.lines).toHaveLength(21);
    await sink.close();
  });

  it('should not block when nothing listens, and report the refusal', async () => {
    const sink = writer({ url: `http://127.0.0.1:${await freePort()}` });

    sink.write(['m f=1 1']);
    await until(() => sink.stats().failedWrites === 1);

    expect(sink.stats().lastError).toBe('ECONNREFUSED');
    expect(await sink.healthCheck.run()).toMatchObject({ status: 'warn', detail: expect.stringContaining('1 failed writes') });
    await sink.close();
  });

  it('should keep at most maxPendingLines, dropping the oldest, and split a backlog into requests', async () => {
    influx.setMode({ answer: 'hang' });
    const sink = writer({ timeoutMs: 200, maxPendingLines: 5, maxLinesPerWrite: 3 });

    sink.write(['m f=0 0']);
    sink.write(['m f=1 1', 'm f=2 2', 'm f=3 3', 'm f=4 4', 'm f=5 5', 'm f=6 6']);
    await until(() => sink.stats().failedWrites === 1);
    influx.setMode({ answer: 'ok' });
    sink.write(['m f=7 7']);
    await until(() => sink.stats().pendingLines === 0 && sink.stats().writes === 2);

    expect(influx.writes.slice(1).map((write) => write.lines)).toEqual([
      ['m f=3 3', 'm f=4 4', 'm f=5 5'],
      ['m f=6 6', 'm f=7 7'],
    ]);
    // Line 1 went when six lines waited behind the hung write, line 0 when it came back for a retry, line 2 when 7 came.
    expect(sink.stats().droppedLines).toBe(3);
    await sink.close();
  });

  it('should send what is pending when closed, and nothing after', async () => {
    influx.setMode({ answer: 'hang' });
    const sink = writer({ timeoutMs: 300 });
    sink.write(['m f=1 1']);
    await influx.waitForWrites(1);
    influx.setMode({ answer: 'ok' });
    sink.write(['m f=2 2']);

    await sink.close();
    sink.write(['m f=3 3']);

    // The hung write timed out, so writes are failing: close does not try again.
    expect(influx.writes.map((write) => write.lines)).toEqual([['m f=1 1']]);
    expect(sink.stats().pendingLines).toBe(2);
  });

  it('should flush the pending lines on close while writes succeed', async () => {
    influx.setMode({ answer: 'status', status: 200, body: '' });
    const sink = writer();
    sink.write(['m f=1 1']);
    sink.write(['m f=2 2']);

    await sink.close();

    expect(influx.writes.map((write) => write.lines)).toEqual([['m f=1 1'], ['m f=2 2']]);
    expect((await sink.healthCheck.run()).status).toBe('pass');
  });
});
