import type { HealthDocument } from '@erp/contracts';

/** One column of a text table; numbers read best right-aligned. */
export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

/** A service that passed its first health check during `erp up`. */
export interface ReadyService {
  readonly name: string;
  readonly url: string;
  readonly pid: number | undefined;
  readonly status: string;
  readonly startupMs: number;
}

/** The outcome of asking one service for `/health`: the document, or why there is none. */
export interface HealthProbe {
  readonly name: string;
  readonly url: string;
  readonly health: HealthDocument | undefined;
  readonly error: string | undefined;
}

const MISSING = '-';

/**
 * Lays rows out under their headers with two spaces between columns and a rule under the header line.
 *
 * ### Example
 * ```ts
 * formatTable([{ header: 'service' }, { header: 'pid', align: 'right' }], [['core', '412']]);
 * // service  pid
 * // -------  ---
 * // core     412
 * ```
 */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, index) => Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)));
  const render = (cells: readonly string[]) =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index] ?? 0;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width));
  return [render(columns.map((column) => column.header)), render(rule), ...rows.map(render)].join('\n');
}

/** The table `erp up` prints once every service is healthy. */
export function readyTable(services: readonly ReadyService[]): string {
  const columns: Column[] = [
    { header: 'service' },
    { header: 'url' },
    { header: 'pid', align: 'right' },
    { header: 'status' },
    { header: 'startup ms', align: 'right' },
  ];
  const rows = services.map((service) => [service.name, service.url, String(service.pid ?? MISSING), service.status, String(Math.round(service.startupMs))]);
  return formatTable(columns, rows);
}

/** The table `erp status` prints: each service's health and the figures an operator looks at first. */
export function statusTable(probes: readonly HealthProbe[]): string {
  const columns: Column[] = [
    { header: 'service' },
    { header: 'url' },
    { header: 'status' },
    { header: 'cpu %', align: 'right' },
    { header: 'rss MB', align: 'right' },
    { header: 'p99 lag ms', align: 'right' },
    { header: 'db ms', align: 'right' },
  ];
  const rows = probes.map(({ name, url, health }) => [
    name,
    url,
    health?.status ?? 'down',
    decimal(health?.cpu.percent),
    decimal(health?.memory.rss_mb),
    decimal(health?.event_loop.lag_p99_ms),
    decimal(health?.db.latency_ms),
  ]);
  return formatTable(columns, rows);
}

function decimal(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(1) : MISSING;
}
