import type { DeliverySummary } from './delivery-log.js';
import { openEventPipeline, type TransportKind } from './event-pipeline.js';
import { writeAtRate, writeInBatches } from './event-writers.js';
import { median } from './load.js';
import type { PlatformSettings } from './settings.js';
import { fixed, printTable } from './table.js';

// Concurrent writer transactions of the maximum-rate figure: a few, so the relay still gets connections of the pool of 10.
const BURST_WRITERS = 4;
const DRAIN_TIMEOUT_MS = 120_000;

/** One round's deliveries, and how busy this process (writers, relay and consumer together) was meanwhile. */
interface RoundFigures extends DeliverySummary {
  readonly cpuPercent: number;
}

/** The rounds of one transport: at the fixed offered rate, and as fast as possible. */
interface TransportFigures {
  readonly kind: TransportKind;
  readonly fixedRate: RoundFigures[];
  readonly maxRate: RoundFigures[];
}

/** Runs the event figures over RabbitMQ (when `amqpUrl` is given) and pg-boss, and prints them side by side. */
export async function eventFigures(serverAdminUrl: string, amqpUrl: string | undefined, settings: PlatformSettings): Promise<void> {
  const kinds: TransportKind[] = amqpUrl ? ['rabbitmq', 'pg-boss'] : ['pg-boss'];
  const figures: TransportFigures[] = [];
  for (const kind of kinds) figures.push(await measureTransport(kind, serverAdminUrl, amqpUrl, settings));
  printEventTable(figures, settings, amqpUrl === undefined);
}

async function measureTransport(
  kind: TransportKind,
  serverAdminUrl: string,
  amqpUrl: string | undefined,
  settings: PlatformSettings,
): Promise<TransportFigures> {
  const pipeline = await openEventPipeline(kind, serverAdminUrl, amqpUrl);
  const round = async (write: () => Promise<void>): Promise<RoundFigures> => {
    const log = pipeline.startRound();
    const cpuBefore = process.cpuUsage();
    const startedAtMs = performance.now();
    await write();
    await pipeline.drain(DRAIN_TIMEOUT_MS);
    const cpu = process.cpuUsage(cpuBefore);
    // Microseconds of CPU per millisecond of wall time, divided by ten: percent of one core.
    return { ...log.summarise(), cpuPercent: (cpu.user + cpu.system) / 10 / (performance.now() - startedAtMs) };
  };
  const atRate = () => writeAtRate(settings.eventRatePerSecond, settings.eventDurationS, () => pipeline.write(1));
  const inBatches = () => writeInBatches(settings.eventBurst, settings.eventBatchSize, BURST_WRITERS, (size) => pipeline.write(size));
  try {
    // Warm-up: connections, prepared paths and the JIT, so the first measured round is not the odd one out.
    await round(() => writeAtRate(settings.eventRatePerSecond, 1, () => pipeline.write(1)));
    const fixedRate: RoundFigures[] = [];
    for (let index = 0; index < settings.rounds; index += 1) fixedRate.push(await round(atRate));
    const maxRate: RoundFigures[] = [];
    for (let index = 0; index < settings.rounds; index += 1) maxRate.push(await round(inBatches));
    return { kind, fixedRate, maxRate };
  } finally {
    await pipeline.close();
  }
}

/** A row of the event table: its label, and how the rounds of one transport become its cell. */
type EventRow = readonly [label: string, cell: (figure: TransportFigures) => string];

function printEventTable(figures: readonly TransportFigures[], settings: PlatformSettings, rabbitSkipped: boolean): void {
  printTable(
    `Outbox -> broker -> consumer: at ${settings.eventRatePerSecond} events/s offered (one event per transaction, ${settings.eventDurationS} s rounds) ` +
      `and as fast as possible (${settings.eventBurst} events in transactions of ${settings.eventBatchSize}, ${BURST_WRITERS} writers); ` +
      `${settings.rounds} rounds each, medians; latency = outbox write to consumer handler, same clock` +
      (rabbitSkipped ? '; RabbitMQ not measured (AMQP_URL unset)' : ''),
    ['figure', ...figures.map((figure) => figure.kind)],
    eventRows(settings).map(([label, cell]) => [label, ...figures.map(cell)]),
  );
}

function eventRows(settings: PlatformSettings): EventRow[] {
  const atRate = `at ${settings.eventRatePerSecond} events/s offered`;
  const asFast = 'as fast as possible';
  return [
    [`${atRate}: written events/s`, (figure) => medianOf(figure.fixedRate, 'writtenPerSecond', 0)],
    [`${atRate}: delivered events/s`, (figure) => medianOf(figure.fixedRate, 'deliveredPerSecond', 0)],
    [`${atRate}: latency p50 ms`, (figure) => medianOf(figure.fixedRate, 'latencyMsP50', 1)],
    [`${atRate}: latency p99 ms`, (figure) => medianOf(figure.fixedRate, 'latencyMsP99', 1)],
    [`${atRate}: latency p99 ms per round`, (figure) => perRound(figure.fixedRate, 'latencyMsP99', 1)],
    [`${atRate}: CPU % of this process (writer, relay, consumer)`, (figure) => medianOf(figure.fixedRate, 'cpuPercent', 0)],
    [`${asFast}: written events/s`, (figure) => medianOf(figure.maxRate, 'writtenPerSecond', 0)],
    [`${asFast}: delivered events/s`, (figure) => medianOf(figure.maxRate, 'deliveredPerSecond', 0)],
    [`${asFast}: delivered events/s per round`, (figure) => perRound(figure.maxRate, 'deliveredPerSecond', 0)],
    [`${asFast}: latency p99 ms (backlog included)`, (figure) => medianOf(figure.maxRate, 'latencyMsP99', 0)],
    [`${asFast}: CPU % of this process`, (figure) => medianOf(figure.maxRate, 'cpuPercent', 0)],
    ['delivered / written, all rounds', (figure) => `${total(figure, 'handled')} / ${total(figure, 'written')}`],
    [
      'duplicate deliveries / applied twice / late from an earlier round',
      (figure) => `${total(figure, 'duplicateDeliveries')} / ${total(figure, 'appliedTwice')} / ${total(figure, 'strays')}`,
    ],
  ];
}

function medianOf(rounds: readonly RoundFigures[], key: keyof RoundFigures, decimals: number): string {
  return fixed(median(rounds.map((round) => round[key])), decimals);
}

function perRound(rounds: readonly RoundFigures[], key: keyof RoundFigures, decimals: number): string {
  return rounds.map((round) => fixed(round[key], decimals)).join(', ');
}

/** The sum over every round of a transport, warm-up excluded. */
function total(figure: TransportFigures, key: keyof RoundFigures): number {
  return [...figure.fixedRate, ...figure.maxRate].reduce((sum, round) => sum + round[key], 0);
}
