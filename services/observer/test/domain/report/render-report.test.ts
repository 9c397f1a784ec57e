import { describe, expect, it } from 'vitest';
import { buildOptimizationReport } from '../../../src/domain/report/build-report.js';
import { renderHtml, renderMarkdown } from '../../../src/domain/report/render-report.js';
import { reportBlocks } from '../../../src/domain/report/report-document.js';

const hostile = '<script>alert(1)</script>|x';
const report = buildOptimizationReport(
  [
    {
      service: 'core',
      policy: {
        thresholds: { latency_p95_ms: 300, cpu_percent: 70, memory_growth_mb_per_hour: 10, error_rate: 0.01, event_loop_lag_ms: 100 },
        criticalEndpoints: [`GET /${hostile}`],
        scaling: { minInstances: 1, maxInstances: 4 },
      },
      window: null,
      instances: [],
      routes: [{ route: `GET /${hostile}`, requests: 3, errors: 0, buckets: { '0.1': 3 } }],
      openIncidents: 0,
      memoryLimitMb: 512,
    },
  ],
  { generatedAt: new Date('2026-06-01T12:15:00Z'), from: new Date('2026-06-01T12:00:00Z'), to: new Date('2026-06-01T12:15:00Z'), previous: null },
);

describe('renderMarkdown', () => {
  it('should write headings, a figure table and the routes, escaping pipes in cells', () => {
    const markdown = renderMarkdown(reportBlocks(report));

    expect(markdown).toContain('# Optimisation report');
    expect(markdown).toContain('## core: unknown');
    expect(markdown).toContain('| figure | value | threshold |');
    expect(markdown).toContain('GET /<script>alert(1)</script>\\|x');
  });
});

describe('renderHtml', () => {
  it('should produce a standalone page with every text escaped', () => {
    const html = renderHtml(reportBlocks(report), 'Report');

    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<h2>core: unknown</h2>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;|x');
  });
});
