import { performance } from 'node:perf_hooks';
import { perRound } from './gateway-goals.js';
import type { GatewaySettings } from './gateway-settings.js';
import { type GatewayStack, postJson } from './gateway-stack.js';
import { median, percentile } from './load.js';
import { fixed, printTable } from './table.js';

type Target = 'auth directly' | 'through the gateway';

/**
 * Figure 3: the time of a successful login (argon2id check, token signing, refresh token row, audit row),
 * sequential, one at a time, alternating between auth directly and the gateway's public login path. Only
 * right passwords are sent: failures would trip the login throttle and measure its delays instead.
 */
export async function loginFigures(stack: GatewayStack, settings: GatewaySettings): Promise<void> {
  const times: Record<Target, number[][]> = { 'auth directly': [], 'through the gateway': [] };
  const base: Record<Target, string> = { 'auth directly': stack.authUrl, 'through the gateway': stack.gatewayUrl };
  // One unmeasured login per target: the first pays for connection setup and lazy compilation.
  for (const target of Object.keys(base) as Target[]) await timedLogin(stack, base[target]);
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const target of Object.keys(base) as Target[]) {
      const roundTimes: number[] = [];
      for (let login = 0; login < settings.logins; login += 1) roundTimes.push(await timedLogin(stack, base[target]));
      times[target].push(roundTimes);
    }
  }
  printTable(
    `Login (POST /api/v1/auth/login, argon2id), ${settings.logins} sequential successful logins per target and round, ${settings.rounds} alternating rounds; ` +
      'p50/p95 over all logins of a target',
    ['target', 'logins', 'p50 ms', 'p95 ms', 'max ms', 'p95 per round', 'goal'],
    (Object.keys(times) as Target[]).map((target) => {
      const all = times[target].flat().sort((a, b) => a - b);
      const p95s = times[target].map((round) =>
        percentile(
          [...round].sort((a, b) => a - b),
          0.95,
        ),
      );
      return [
        target,
        String(all.length),
        fixed(median(all), 1),
        fixed(percentile(all, 0.95), 1),
        fixed(all.at(-1) ?? Number.NaN, 1),
        perRound(p95s, 1),
        'none set (report)',
      ];
    }),
  );
}

async function timedLogin(stack: GatewayStack, baseUrl: string): Promise<number> {
  const startedAt = performance.now();
  const answer = await postJson(`${baseUrl}/api/v1/auth/login`, { email: stack.email, password: stack.password });
  const elapsedMs = performance.now() - startedAt;
  if (answer.status !== 200) throw new Error(`a bench login at ${baseUrl} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return elapsedMs;
}
