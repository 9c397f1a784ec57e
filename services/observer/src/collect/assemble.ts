import type { ObserverConfig } from '@erp/contracts';
import type { HistogramSeries } from '../domain/histogram.js';
import { type Evaluation, evaluateService } from '../domain/judge.js';
import { detectLeak, type LeakAnalysis, type LeakOptions, type MemoryPoint } from '../domain/leak-detection.js';
import { pollPoint, type ServicePoint } from '../domain/service-point.js';
import { policyOf, type ServicePolicy } from '../domain/thresholds.js';
import { figuresByRoute, type RequestFigures, requestFigures, serviceTraffic, type TrafficEntry, trafficBetween } from '../domain/traffic.js';
import type { Scrape } from './scrape.js';

/** What the collector remembers of an instance between polls: its last histograms and its memory readings. */
export interface InstanceMemory {
  readonly atMs: number;
  readonly instanceId: string | null;
  readonly histograms: Map<string, HistogramSeries> | null;
  readonly memory: readonly MemoryPoint[];
}

export type CollectorMemory = ReadonlyMap<string, InstanceMemory>;

/** One instance at one poll, with what was derived from it. */
export interface InstanceObservation {
  readonly scrape: Scrape;
  /** The instance's own request figures since the previous poll; null on the first poll or without metrics. */
  readonly traffic: RequestFigures | null;
  readonly leak: LeakAnalysis | null;
}

/** One service at one poll. */
export interface ServiceObservation {
  readonly service: string;
  readonly policy: ServicePolicy;
  readonly instances: readonly InstanceObservation[];
  readonly point: ServicePoint;
  readonly routes: ReadonlyMap<string, RequestFigures>;
  readonly evaluations: readonly Evaluation[];
}

export interface PollOutcome {
  readonly atMs: number;
  readonly services: readonly ServiceObservation[];
  readonly memory: CollectorMemory;
}

export type PollLeakOptions = Omit<LeakOptions, 'processStartMs'>;

/**
 * Turns one round of scrapes into figures and verdicts: histogram deltas against the previous poll, leak
 * analysis over the remembered memory readings, the service point and the threshold evaluations. Pure: the
 * new memory is returned, not stored.
 */
export function assemblePoll(
  scrapes: readonly Scrape[],
  previous: CollectorMemory,
  config: ObserverConfig,
  atMs: number,
  leakOptions: PollLeakOptions,
): PollOutcome {
  const memory = new Map<string, InstanceMemory>();
  const observed = new Map<string, { instance: InstanceObservation; entries: TrafficEntry[] | null; intervalS: number }[]>();
  for (const scrape of scrapes) {
    const { observation, remembered, entries, intervalS } = observeInstance(scrape, previous.get(scrape.target.url), leakOptions);
    memory.set(scrape.target.url, remembered);
    const list = observed.get(scrape.target.service) ?? [];
    list.push({ instance: observation, entries, intervalS });
    observed.set(scrape.target.service, list);
  }
  const services = [...observed].map(([service, instances]) => observeService(service, instances, config));
  return { atMs, services, memory };
}

function observeInstance(scrape: Scrape, previous: InstanceMemory | undefined, leakOptions: PollLeakOptions) {
  const instanceId = scrape.health?.instance ?? null;
  if (!scrape.reachable || !scrape.health) {
    // Keep the last good histograms: the next answer's delta then covers the whole outage.
    const remembered = previous ?? { atMs: scrape.atMs, instanceId: null, histograms: null, memory: [] };
    return { observation: { scrape, traffic: null, leak: null }, remembered, entries: null, intervalS: 0 };
  }
  // A new process at the same address starts its counters and its memory from scratch.
  const sameProcess = previous !== undefined && previous.instanceId === instanceId;
  const earlier = sameProcess ? previous : undefined;
  const point = { atMs: scrape.atMs, heapUsedMb: scrape.health.memory.heap_used_mb, rssMb: scrape.health.memory.rss_mb };
  const points = [...(earlier?.memory ?? []).filter((item) => item.atMs >= scrape.atMs - leakOptions.windowMs), point];
  const leak = detectLeak(points, scrape.atMs, { ...leakOptions, processStartMs: scrape.atMs - scrape.health.uptime_s * 1000 });
  const intervalS = previous ? (scrape.atMs - previous.atMs) / 1000 : 0;
  const baseline = baselineOf(previous, instanceId);
  const entries = scrape.histograms && baseline && intervalS > 0 ? trafficBetween(scrape.histograms, baseline) : null;
  const traffic = entries ? requestFigures(serviceTraffic(entries), intervalS) : null;
  const remembered = { atMs: scrape.atMs, instanceId, histograms: scrape.histograms ?? earlier?.histograms ?? null, memory: points };
  return { observation: { scrape, traffic, leak }, remembered, entries, intervalS };
}

/**
 * What the new histograms are compared with: the same process's last ones; nothing (all counts are new) when
 * another process answered last time at this address; no baseline at all before the first good poll.
 */
function baselineOf(previous: InstanceMemory | undefined, instanceId: string | null): Map<string, HistogramSeries> | null {
  if (!previous?.histograms) return null;
  return previous.instanceId === instanceId ? previous.histograms : new Map();
}

function observeService(
  service: string,
  instances: readonly { instance: InstanceObservation; entries: TrafficEntry[] | null; intervalS: number }[],
  config: ObserverConfig,
): ServiceObservation {
  const policy = policyOf(config, service);
  const measured = instances.filter((item) => item.entries !== null);
  const entries = measured.flatMap((item) => item.entries ?? []);
  const intervalS = measured.length > 0 ? measured.reduce((sum, item) => sum + item.intervalS, 0) / measured.length : 0;
  const figures = measured.length > 0 ? requestFigures(serviceTraffic(entries), intervalS) : null;
  const routes = figuresByRoute(entries, intervalS);
  const healths = instances.flatMap((item) => (item.instance.scrape.health ? [item.instance.scrape.health] : []));
  const point = pollPoint(healths, { intervalS, requests: figures?.requests ?? 0, errors: figures?.errors ?? 0, buckets: figures?.buckets ?? {} });
  const readings = instances.map(({ instance }) => ({
    url: instance.scrape.target.url,
    reachable: instance.scrape.reachable,
    error: instance.scrape.error,
    health: instance.scrape.health,
    leak: instance.leak,
  }));
  const evaluations = evaluateService({ service, policy, instances: readings, figures, routes });
  return { service, policy, instances: instances.map((item) => item.instance), point, routes, evaluations };
}
