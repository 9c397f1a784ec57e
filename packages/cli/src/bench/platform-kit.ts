import { fileURLToPath } from 'node:url';
import { createTestDatabase, freePort } from '@erp/kit/testing';
import { median, runLoad } from './load.js';
import { answers200, cpuSeconds, startProcess } from './processes.js';
import type { PlatformSettings } from './settings.js';
import { fixed, printTable } from './table.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}.js`, import.meta.url));
const serviceMain = (name: string) => fileURLToPath(new URL(`../../../../services/${name}/dist/main.js`, import.meta.url));

interface Figures {
  rate: number;
  perCpu: number;
  rounds: number[];
}

/** Kit route vs the same route on bare node:http, alternating A/B rounds in one run; medians and ratio. */
export async function kitVersusBare(settings: PlatformSettings): Promise<void> {
  const servers = await Promise.all(
    ['kit-hello', 'bare-hello'].map(async (name) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/hello`;
      return {
        name,
        url,
        process: await startProcess(fixture(name), { PORT: String(port) }, answers200(url)),
        rates: [] as number[],
        perCpuSecond: [] as number[],
      };
    }),
  );
  try {
    for (const server of servers) await runLoad({ url: server.url, durationS: 2, connections: 50 });
    for (let round = 0; round < settings.rounds; round += 1) {
      for (const server of servers) {
        const pid = server.process.child.pid as number;
        const cpuBefore = await cpuSeconds(pid);
        const result = await runLoad({ url: server.url, durationS: settings.durationS, connections: 50 });
        server.rates.push(result.requestsPerSecond);
        server.perCpuSecond.push(result.requests / Math.max(0.01, (await cpuSeconds(pid)) - cpuBefore));
      }
    }
  } finally {
    await Promise.all(servers.map((server) => server.process.stop()));
  }
  const [kit, bare] = servers.map((server) => ({ rate: median(server.rates), perCpu: median(server.perCpuSecond), rounds: server.rates })) as [
    Figures,
    Figures,
  ];
  printTable(
    `Kit route vs bare node:http (GET /hello, 50 connections, ${settings.rounds} alternating rounds of ${settings.durationS} s, medians)`,
    ['server', 'req/s', 'req/s per rounds', 'requests per server CPU-second', 'ratio kit/bare req/s', 'ratio kit/bare per CPU-s', 'goal'],
    [
      [
        'kit (Fastify + kit hooks)',
        fixed(kit.rate, 0),
        kit.rounds.map((rate) => fixed(rate, 0)).join(', '),
        fixed(kit.perCpu, 0),
        fixed(kit.rate / bare.rate, 3),
        fixed(kit.perCpu / bare.perCpu, 3),
        '>= 0.95',
      ],
      ['bare node:http', fixed(bare.rate, 0), bare.rounds.map((rate) => fixed(rate, 0)).join(', '), fixed(bare.perCpu, 0), '1.000', '1.000', ''],
    ],
  );
}

/** `/health` of a real service (finance, on a real database) at a fixed 1,000 req/s. */
export async function healthAtFixedRate(adminUrl: string, settings: PlatformSettings): Promise<void> {
  const database = await createTestDatabase(adminUrl);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/health`;
  const service = await startProcess(serviceMain('finance'), { PORT: String(port), DATABASE_URL: database.adminUrl, LOG_LEVEL: 'warn' }, answers200(url));
  const rows: string[][] = [];
  try {
    await runLoad({ url, durationS: 2, connections: 10, rate: 1000 });
    for (let round = 0; round < settings.rounds; round += 1) {
      const result = await runLoad({ url, durationS: settings.durationS * 2, connections: 10, rate: 1000 });
      rows.push([String(round + 1), fixed(result.requestsPerSecond, 0), fixed(result.latencyMsP50, 2), fixed(result.latencyMsP99, 2), String(result.failures)]);
    }
  } finally {
    await service.stop();
    await database.drop();
  }
  const p99s = rows.map((row) => Number(row[3]));
  rows.push(['median', '', fixed(median(rows.map((row) => Number(row[2]))), 2), fixed(median(p99s), 2), '']);
  printTable('GET /health of the finance service at 1,000 req/s (10 connections; goal p99 <= 5 ms)', ['round', 'req/s', 'p50 ms', 'p99 ms', 'failures'], rows);
}
