import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICES, type ServiceName } from '@erp/contracts';
import { createTestDatabase } from '@erp/kit/testing';
import { getHealth } from '../health-client.js';
import type { ReadyService } from '../health-table.js';
import { createSystem } from '../system/create-system.js';
import { distinctFreePorts } from './free-ports.js';
import { findLeftovers, killLeftovers } from './leftovers.js';
import { median } from './load.js';
import { measureNpmStart, type NpmStartFigures } from './npm-start.js';
import type { PlatformSettings } from './settings.js';
import { defaultsOnly } from './system-env.js';
import { fixed, printTable } from './table.js';

const RSS_GOAL_MB = 80;
const READY_GOAL_MS = 10_000;

/** One start of the whole system: how long it took, and each service's memory after idling. */
interface SystemRound {
  readonly readyMs: number;
  readonly services: readonly ServiceRound[];
  /** `none`, or what was still running after stop() and had to be killed. */
  readonly leftovers: string;
}

interface ServiceRound {
  readonly name: string;
  readonly startupMs: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
}

/**
 * Starts the whole system `settings.rounds` times on a fresh database each time, idles, reads memory, and
 * then measures the `npm start` path once; prints the memory and the start-time tables.
 */
export async function systemFigures(serverAdminUrl: string, env: Readonly<Record<string, string | undefined>>, settings: PlatformSettings): Promise<void> {
  const rounds: SystemRound[] = [];
  for (let index = 0; index < settings.rounds; index += 1) rounds.push(await measureSystemRound(serverAdminUrl, env, settings));
  printMemoryTable(rounds, settings);
  printStartTable(rounds, await measureNpmStart(env));
}

async function measureSystemRound(serverAdminUrl: string, env: Readonly<Record<string, string | undefined>>, settings: PlatformSettings): Promise<SystemRound> {
  const database = await createTestDatabase(serverAdminUrl);
  try {
    const ports = await distinctFreePorts(SERVICES.length);
    // createSystem rather than startSystem: the methods startSystem hands back lose their `this`, so stop() would throw.
    const system = createSystem({
      env: defaultsOnly(env),
      databaseUrl: database.adminUrl,
      ports: Object.fromEntries(SERVICES.map((service, index) => [service.name, ports[index]])) as Record<ServiceName, number>,
      logLevel: 'warn',
      onLine: (line) => {
        if (line.stream === 'stderr') process.stderr.write(`[system] ${line.source}: ${line.text}\n`);
      },
    });
    let pids: (number | undefined)[] = [];
    let measured: Omit<SystemRound, 'leftovers'>;
    try {
      const ready = await system.start();
      pids = system.processes().map((entry) => entry.pid);
      await sleep(settings.idleS * 1000);
      measured = { readyMs: ready.readyMs, services: await readMemory(ready.services, settings.memoryReads) };
    } finally {
      await system.stop();
    }
    return { ...measured, leftovers: killLeftovers(await findLeftovers(pids)) };
  } finally {
    await database.drop();
  }
}

/** Reads every service's `/health` memory `reads` times, a second apart, and keeps the median of each. */
async function readMemory(services: readonly ReadyService[], reads: number): Promise<ServiceRound[]> {
  const samples = new Map<string, { rssMb: number[]; heapUsedMb: number[] }>(services.map((service) => [service.name, { rssMb: [], heapUsedMb: [] }]));
  for (let read = 0; read < reads; read += 1) {
    if (read > 0) await sleep(1_000);
    await Promise.all(
      services.map(async (service) => {
        const { body } = await getHealth(service.url, 2_000);
        const memory = (body as { memory?: { rss_mb?: number; heap_used_mb?: number } } | undefined)?.memory;
        samples.get(service.name)?.rssMb.push(memory?.rss_mb ?? Number.NaN);
        samples.get(service.name)?.heapUsedMb.push(memory?.heap_used_mb ?? Number.NaN);
      }),
    );
  }
  return services.map((service) => {
    const sample = samples.get(service.name);
    return { name: service.name, startupMs: service.startupMs, rssMb: median(sample?.rssMb ?? []), heapUsedMb: median(sample?.heapUsedMb ?? []) };
  });
}

function printMemoryTable(rounds: readonly SystemRound[], settings: PlatformSettings): void {
  const names = rounds[0]?.services.map((service) => service.name) ?? [];
  const of = (name: string) => rounds.flatMap((round) => round.services.filter((service) => service.name === name));
  const rows = names.map((name) => {
    const services = of(name);
    const rssMb = median(services.map((service) => service.rssMb));
    return [
      name,
      fixed(rssMb, 1),
      services.map((service) => fixed(service.rssMb, 1)).join(', '),
      fixed(median(services.map((service) => service.heapUsedMb)), 1),
      fixed(median(services.map((service) => service.startupMs)), 0),
      rssMb <= RSS_GOAL_MB ? 'yes' : 'NO',
    ];
  });
  const totalMb = names.reduce((total, name) => total + median(of(name).map((service) => service.rssMb)), 0);
  rows.push(['all eight', fixed(totalMb, 1), '', '', '', '']);
  printTable(
    `Idle memory per service after ${settings.idleS} s idle (whole system from createSystem().start() on a fresh database, default adapters; ` +
      `median of ${settings.memoryReads} /health reads per round, medians over ${rounds.length} rounds; goal RSS <= ${RSS_GOAL_MB} MB)`,
    ['service', 'RSS MB', 'RSS MB per round', 'heap used MB', 'start ms (spawn to healthy)', `RSS <= ${RSS_GOAL_MB} MB`],
    rows,
  );
}

function printStartTable(rounds: readonly SystemRound[], npmStart: NpmStartFigures): void {
  const seconds = (ms: number | undefined) => (ms === undefined ? 'n/a' : fixed(ms / 1000, 1));
  const readyMs = median(rounds.map((round) => round.readyMs));
  const goal = (ms: number | undefined) => (ms === undefined ? '' : ms <= READY_GOAL_MS ? 'yes' : 'NO');
  const upMs = npmStart.readyMs === undefined || npmStart.bootstrapMs === undefined ? undefined : npmStart.readyMs - npmStart.bootstrapMs;
  printTable(
    `Start time from installed to all healthy (goal <= ${READY_GOAL_MS / 1000} s)`,
    ['path', 's', 'per round', `<= ${READY_GOAL_MS / 1000} s`, 'notes'],
    [
      [
        'createSystem().start(): 8 services on a running PostgreSQL, fresh database, until every /health passes (readyMs)',
        seconds(readyMs),
        rounds.map((round) => seconds(round.readyMs)).join(', '),
        goal(readyMs),
        `left running after stop(): ${[...new Set(rounds.map((round) => round.leftovers))].join('; ')}`,
      ],
      [
        'npm start (node scripts/bootstrap.mjs start), fresh ERP_DATA_DIR, until all eight /health answer 200',
        seconds(npmStart.readyMs),
        '',
        goal(npmStart.readyMs),
        npmStart.failure ?? '',
      ],
      ['- of which bootstrap: install check and incremental build (tsc -b), until erp up prints', seconds(npmStart.bootstrapMs), '', '', ''],
      [
        '- of which erp up: embedded PostgreSQL (initdb, start) and the 8 services',
        seconds(upMs),
        '',
        goal(upMs),
        `erp up reports "ready in ${seconds(npmStart.upReportedMs)} s"`,
      ],
      [
        'npm start stopped with SIGTERM, until it exited',
        seconds(npmStart.stopMs),
        '',
        '',
        `exit: ${npmStart.exitCode ?? 'n/a'}; left running: ${npmStart.leftovers}`,
      ],
    ],
  );
}
