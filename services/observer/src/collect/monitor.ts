import type { ServiceRegistry } from '@erp/kit';
import type { Kysely } from 'kysely';
import { findOpenIncidentKeys, type IncidentRow } from '../db/incidents.js';
import { acquireLease, releaseLease } from '../db/lease.js';
import type { ObserverDb } from '../db/schema.js';
import { advanceIncidents, type TrackerState, trackerStateOf } from '../domain/incident-tracker.js';
import { LEAK_DEFAULTS } from '../domain/leak-detection.js';
import { targetsOf } from '../domain/targets.js';
import type { ConfigSource } from '../observer-config/config-source.js';
import { assemblePoll, type CollectorMemory, type PollLeakOptions, type PollOutcome } from './assemble.js';
import { mapLimit } from './map-limit.js';
import { recordPoll } from './record-poll.js';
import { scrapeInstance } from './scrape.js';

interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface MonitorSettings {
  /** Who this process is in the collector lease, e.g. its instance id. */
  readonly holder: string;
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly memoryLimitMb: number;
  readonly leakWindowMs: number;
}

export interface MonitorDeps {
  readonly db: Kysely<ObserverDb>;
  readonly config: ConfigSource;
  readonly registry?: Pick<ServiceRegistry, 'list'> | undefined;
  readonly logger: Logger;
  readonly settings: MonitorSettings;
  readonly now?: () => number;
  /** Called with the figures of each round this collector polled, before they are stored; must not block (InfluxDB output). */
  readonly onPoll?: ((outcome: PollOutcome) => void) | undefined;
}

export interface PollReport {
  /** False when another observer instance holds the collector lease; nothing was polled. */
  readonly leader: boolean;
  readonly targets: number;
  readonly opened: readonly IncidentRow[];
  readonly resolved: readonly IncidentRow[];
}

/** Polls every instance each `interval_ms` while started; `poll()` runs one round by hand (tests). */
export interface Monitor {
  start(): void;
  stop(): Promise<void>;
  poll(): Promise<PollReport>;
  isLeader(): boolean;
}

// A response larger than this is not a health document or a service's metrics; it is cut off.
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const LEAK_WARMUP_MS = 5 * 60_000;

/**
 * The collector: each round it lists the instances (config and registry), fetches `/health` and `/metrics`
 * with bounded concurrency and a timeout per request, derives figures, judges them and records the poll and
 * the incidents. Rounds never overlap; a round that takes longer than the interval delays the next one.
 */
export function createMonitor(deps: MonitorDeps): Monitor {
  const now = deps.now ?? Date.now;
  const { settings, logger } = deps;
  const leakOptions: PollLeakOptions = {
    ...LEAK_DEFAULTS,
    windowMs: settings.leakWindowMs,
    minDurationMs: settings.leakWindowMs / 2,
    warmupMs: LEAK_WARMUP_MS,
    memoryLimitMb: settings.memoryLimitMb,
  };
  let aborter = new AbortController();
  let tracker: TrackerState = new Map();
  let memory: CollectorMemory = new Map();
  let leader = false;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const listRegistered = async () => {
    try {
      return (await deps.registry?.list()) ?? [];
    } catch (error) {
      logger.warn({ err: error }, 'instance registry unavailable; polling the configured URLs only');
      return [];
    }
  };

  const poll = async (): Promise<PollReport> => {
    const config = deps.config.current();
    const criticalAfter = config.alerts.critical_after;
    if (!(await acquireLease(deps.db, settings.holder, config.interval_ms * 3 + settings.timeoutMs))) {
      leader = false;
      return { leader: false, targets: 0, opened: [], resolved: [] };
    }
    if (!leader) {
      // Taking over: incidents another collector opened are continued, nothing is opened twice.
      tracker = trackerStateOf(await findOpenIncidentKeys(deps.db), criticalAfter);
      memory = new Map();
      leader = true;
    }
    const targets = targetsOf(config, await listRegistered());
    const scrapeOptions = { timeoutMs: Math.min(settings.timeoutMs, config.interval_ms), maxBodyBytes: MAX_BODY_BYTES, signal: aborter.signal, now };
    const scrapes = await mapLimit(targets, settings.concurrency, (target) => scrapeInstance(target, scrapeOptions));
    const outcome = assemblePoll(scrapes, memory, config, now(), leakOptions);
    memory = outcome.memory;
    try {
      deps.onPoll?.(outcome);
    } catch (error) {
      logger.error({ err: error }, 'observer poll hook failed; the poll goes on');
    }
    const step = advanceIncidents(
      tracker,
      outcome.services.flatMap((service) => service.evaluations),
      criticalAfter,
    );
    const changes = await deps.db.transaction().execute((trx) => recordPoll(trx, outcome, step, config));
    tracker = step.state;
    for (const row of changes.opened) logger.warn(incidentFields(row), 'incident opened');
    for (const row of changes.resolved) logger.info(incidentFields(row), 'incident resolved');
    return { leader: true, targets: targets.length, ...changes };
  };

  const round = async () => {
    const startedMs = now();
    try {
      await poll();
    } catch (error) {
      if (!stopped) logger.error({ err: error }, 'observer poll failed; retrying at the next interval');
    }
    if (!stopped) timer = setTimeout(run, Math.max(0, deps.config.current().interval_ms - (now() - startedMs)));
  };
  const run = () => {
    running = round();
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      aborter = new AbortController();
      timer = setTimeout(run, 0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      aborter.abort();
      await running;
      if (leader) await releaseLease(deps.db, settings.holder).catch(() => {});
      leader = false;
    },
    poll,
    isLeader: () => leader,
  };
}

function incidentFields(row: IncidentRow): Record<string, unknown> {
  return {
    incident_id: row.id,
    service: row.service,
    instance_url: row.instance_url,
    metric: row.metric,
    route: row.route,
    value: row.value_at_open,
    threshold: row.threshold,
    detail: row.resolved_at ? row.resolution_detail : row.detail,
    opened_at: row.opened_at.toISOString(),
    ...(row.resolved_at
      ? { resolved_at: row.resolved_at.toISOString(), duration_s: (row.resolved_at.getTime() - row.opened_at.getTime()) / 1000 }
      : { event_id: row.event_id }),
  };
}
