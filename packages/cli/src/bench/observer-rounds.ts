import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { cpuPercentOfCore, ticksBetween, windowOrder } from './observer-figures.js';
import { clockTicksPerSecond, pageSizeBytes, readProcStat, readTicks, watchDatabaseBackends } from './observer-proc.js';
import type { ObserverBenchSettings } from './observer-settings.js';
import type { ObserverStack } from './observer-stack.js';

const MB = 1024 * 1024;

/** What the observer's own tables say it did during a window. */
export interface PollCount {
  /** Collection rounds stored. */
  readonly rounds: number;
  /** Instance samples stored (one per instance and round). */
  readonly samples: number;
  /** Samples whose `/health` answered with a valid document. */
  readonly answered: number;
}

/** A window with the observer polling every watched instance. */
export interface WatchedWindow {
  readonly observerCpuPercent: number;
  readonly observerRssMb: number;
  /** CPU of the PostgreSQL backends serving the observer's database; NaN when the server is not on this host. */
  readonly backendsCpuPercent: number;
  /** Per watched instance, in the order of `stack.watched`; NaN for a process that ended during the window. */
  readonly serviceCpuPercent: readonly number[];
  readonly polls: PollCount;
}

/** A window without any observer process. */
export interface UnwatchedWindow {
  readonly serviceCpuPercent: readonly number[];
}

export interface ObserverRounds {
  readonly watched: readonly WatchedWindow[];
  readonly unwatched: readonly UnwatchedWindow[];
}

/**
 * Runs `settings.rounds` rounds, each with one window while an observer polls the eight instances and one
 * while no observer runs at all, in alternating order. For the watched window an observer process is started,
 * runs `warmupS` of polls unmeasured, and is stopped after the window, so the unwatched window really has none.
 */
export async function measureRounds(stack: ObserverStack, settings: ObserverBenchSettings): Promise<ObserverRounds> {
  const [ticksPerSecond, pageSize] = await Promise.all([clockTicksPerSecond(), pageSizeBytes()]);
  const servicePids = stack.watched.map((instance) => instance.pid);
  const backends = await watchDatabaseBackends(stack.observerDatabaseUrl);
  const tables = new pg.Client({ connectionString: stack.observerDatabaseUrl, application_name: 'erp-bench-observer' });
  await tables.connect();
  const watched: WatchedWindow[] = [];
  const unwatched: UnwatchedWindow[] = [];
  const percent = (ticks: number, elapsedMs: number) => cpuPercentOfCore(ticks, elapsedMs, ticksPerSecond);
  const perService = (before: Map<number, number>, after: Map<number, number>, elapsedMs: number) =>
    servicePids.map((pid) => {
      const start = before.get(pid);
      const end = after.get(pid);
      return start === undefined || end === undefined ? Number.NaN : percent(end - start, elapsedMs);
    });
  try {
    await warmMonitoringEndpoints(stack.watched.map((instance) => instance.url));
    await sleep(settings.settleS * 1000);
    for (let round = 0; round < settings.rounds; round += 1) {
      for (const kind of windowOrder(round)) {
        if (kind === 'unwatched') {
          const before = await readTicks(servicePids);
          const started = performance.now();
          await sleep(settings.windowS * 1000);
          const after = await readTicks(servicePids);
          unwatched.push({ serviceCpuPercent: perService(before, after, performance.now() - started) });
          continue;
        }
        const observer = await stack.startObserver();
        try {
          await sleep(settings.warmupS * 1000);
          const pids = [observer.pid, ...servicePids];
          const [before, backendsBefore] = await Promise.all([readTicks(pids), backends.ticks()]);
          const started = performance.now();
          const from = new Date();
          await sleep(settings.windowS * 1000);
          const [after, backendsAfter] = await Promise.all([readTicks(pids), backends.ticks()]);
          const elapsedMs = performance.now() - started;
          const to = new Date();
          const stat = await readProcStat(observer.pid);
          const observerTicks = (after.get(observer.pid) ?? Number.NaN) - (before.get(observer.pid) ?? Number.NaN);
          watched.push({
            observerCpuPercent: percent(observerTicks, elapsedMs),
            observerRssMb: stat ? (stat.rssPages * pageSize) / MB : Number.NaN,
            backendsCpuPercent: backendsAfter.size > 0 ? percent(ticksBetween(backendsBefore, backendsAfter), elapsedMs) : Number.NaN,
            serviceCpuPercent: perService(before, after, elapsedMs),
            polls: await countPolls(tables, from, to),
          });
        } finally {
          await observer.stop();
        }
        await sleep(settings.settleS * 1000);
      }
    }
  } finally {
    await backends.close();
    await tables.end();
  }
  return { watched, unwatched };
}

// Calls of /health and /metrics per instance before the first window.
const WARMUP_CALLS = 20;

/**
 * A watched service has answered the observer for a long time; its /health and /metrics code is compiled. Without
 * this, the first watched window would also measure the services compiling it (most visible with --quick).
 */
async function warmMonitoringEndpoints(urls: readonly string[]): Promise<void> {
  for (let call = 0; call < WARMUP_CALLS; call += 1) {
    await Promise.all(
      urls.flatMap((url) =>
        ['/health', '/metrics'].map((path) =>
          fetch(`${url}${path}`, { signal: AbortSignal.timeout(5_000) })
            .then((response) => response.arrayBuffer())
            .catch(() => undefined),
        ),
      ),
    );
  }
}

async function countPolls(client: pg.Client, from: Date, to: Date): Promise<PollCount> {
  const { rows } = await client.query<PollCount>(
    `select (select count(distinct at)::int from observer.service_point where resolution = 'raw' and at >= $1 and at < $2) as rounds,
            count(*)::int as samples,
            (count(*) filter (where reachable and status is not null))::int as answered
       from observer.instance_sample where at >= $1 and at < $2`,
    [from, to],
  );
  return rows[0] ?? { rounds: 0, samples: 0, answered: 0 };
}
