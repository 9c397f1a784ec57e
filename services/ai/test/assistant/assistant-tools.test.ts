import { describe, expect, it } from 'vitest';
import { capJson } from '../../src/assistant/tools/cap-json.js';
import { formatQuantity } from '../../src/assistant/tools/core-tools.js';
import { chartOfRows } from '../../src/assistant/tools/report-tools.js';
import { loadConfig } from '../../src/config.js';

describe('capJson', () => {
  it('should keep a value that fits', () => {
    const value = { items: [1, 2, 3] };

    expect(capJson(value, 100)).toBe(value);
  });

  it('should halve the longest list, keeping its first items, until the value fits, and mark it', () => {
    const value = { count: 200, items: Array.from({ length: 200 }, (_, index) => ({ number: `RE-${index}`, amount: '119.00' })) };

    const capped = capJson(value, 1000) as { count: number; items: { number: string }[]; truncated: boolean };

    expect(JSON.stringify(capped).length).toBeLessThanOrEqual(1000);
    expect(capped).toMatchObject({ count: 200, truncated: true });
    expect(capped.items[0]?.number).toBe('RE-0');
    expect(capped.items.length).toBeGreaterThan(10);
  });

  it('should cut a value without lists to the start of its text', () => {
    const capped = capJson({ text: 'x'.repeat(5000) }, 600) as { truncated: boolean; text: string };

    expect(capped.truncated).toBe(true);
    expect(JSON.stringify(capped).length).toBeLessThanOrEqual(600);
  });
});

describe('chartOfRows', () => {
  it.each([
    [
      [
        { account: '8400', type: 'revenue' },
        { account: '1600', type: 'liability' },
      ],
      'skr03',
    ],
    [
      [
        { account: '4400', type: 'revenue' },
        { account: '1600', type: 'asset' },
      ],
      'skr04',
    ],
    [[], 'skr03'],
  ])('should recognise %j as %s', (rows, chart) => {
    expect(chartOfRows(rows)).toBe(chart);
  });
});

describe('formatQuantity', () => {
  it.each([
    ['12.000', 'de', '12'],
    ['2.500', 'de', '2,5'],
    ['1234.5', 'en', '1,234.5'],
    ['1234', 'de', '1.234'],
  ] as const)('should write %s in %s as %s', (value, language, text) => {
    expect(formatQuantity(value, language)).toBe(text);
  });
});

describe('the assistant settings', () => {
  const base = { DATABASE_URL: 'postgres://postgres:pw@127.0.0.1:5432/erp' };

  it('should reach core and finance on their catalogue ports by default', () => {
    expect(loadConfig(base).assistant).toEqual({
      coreUrl: 'http://127.0.0.1:8002',
      financeUrl: 'http://127.0.0.1:8006',
      maxSteps: 6,
      maxToolCalls: 10,
      timeLimitMs: 60_000,
      toolTimeoutMs: 10_000,
      toolOutputMaxChars: 8000,
    });
  });

  it('should go through GATEWAY_URL unless a service has its own URL', () => {
    const config = loadConfig({ ...base, GATEWAY_URL: 'http://gateway:8000/', FINANCE_URL: 'http://finance:8006' });

    expect(config.assistant).toMatchObject({ coreUrl: 'http://gateway:8000', financeUrl: 'http://finance:8006' });
  });
});
