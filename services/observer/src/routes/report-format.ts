import { renderHtml, renderMarkdown } from '../domain/report/render-report.js';
import { reportBlocks } from '../domain/report/report-document.js';
import type { OptimizationReport } from '../domain/report/report-types.js';
import { FormatNotAcceptableError } from '../errors.js';

export type ReportFormat = 'json' | 'markdown' | 'html';

const MEDIA_TYPES: Readonly<Record<string, ReportFormat>> = {
  'application/json': 'json',
  'text/markdown': 'markdown',
  'text/html': 'html',
  'application/*': 'json',
  'text/*': 'markdown',
  '*/*': 'json',
};

/**
 * The format to answer: `?format=` wins; otherwise the `Accept` entry with the highest quality that names
 * JSON, Markdown or HTML (the first on a tie); JSON without an `Accept` header. 406 when `Accept` rules out all three.
 */
export function reportFormatOf(format: ReportFormat | undefined, accept: string | undefined): ReportFormat {
  if (format) return format;
  if (!accept?.trim()) return 'json';
  const ranked = accept
    .split(',')
    .map((entry, index) => {
      const [type = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
      const quality = Number(parameters.find((parameter) => parameter.startsWith('q='))?.slice(2) ?? '1');
      return { format: MEDIA_TYPES[type], quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.format !== undefined && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  const best = ranked[0]?.format;
  if (!best) throw new FormatNotAcceptableError(accept.slice(0, 200));
  return best;
}

/** A report as the answer's content type and body: JSON (with its id, when stored), Markdown or HTML. */
export function renderReport(report: OptimizationReport, format: ReportFormat, id: string | null): { contentType: string; body: string | object } {
  if (format === 'markdown') return { contentType: 'text/markdown; charset=utf-8', body: renderMarkdown(reportBlocks(report)) };
  if (format === 'html')
    return { contentType: 'text/html; charset=utf-8', body: renderHtml(reportBlocks(report), `Optimisation report ${report.generated_at}`) };
  return { contentType: 'application/json; charset=utf-8', body: { id, ...report } };
}
