import { benchBankTransactions, benchLedgerEvents, publishLedger } from './ai-ledger.js';
import type { AiBenchSettings } from './ai-settings.js';
import type { AiStack } from './ai-stack.js';
import { percentile } from './load.js';
import { cpuSeconds } from './processes.js';
import { fixed, printTable } from './table.js';

const SUGGESTIONS_PATH = '/api/v1/finance/llm/suggestions';

async function suggest(stack: AiStack, body: Record<string, unknown>): Promise<{ status: number; learned: number; proposals: number }> {
  const response = await fetch(`${stack.aiUrl}${SUGGESTIONS_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { learned_entries?: number; proposals?: unknown[] };
  return { status: response.status, learned: answer.learned_entries ?? 0, proposals: answer.proposals?.length ?? 0 };
}

/** Publishes the bench ledger and waits until the ai service has learned all of it (up to two minutes). */
async function learnLedger(stack: AiStack, entries: number): Promise<number> {
  const started = Date.now();
  await publishLedger(stack.databaseUrl, benchLedgerEvents(stack.tenantId, entries));
  const probe = benchBankTransactions()[0] as Record<string, unknown>;
  for (;;) {
    const answer = await suggest(stack, probe);
    if (answer.status !== 201) throw new Error(`${SUGGESTIONS_PATH} answered ${answer.status}`);
    if (answer.learned >= entries) return (Date.now() - started) / 1000;
    if (Date.now() - started > 120_000) throw new Error(`the ai service learned ${answer.learned} of ${entries} entries in two minutes`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface Driven {
  readonly requests: number;
  readonly failures: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
}

/** Closed-loop load: `connections` clients each send the next body as soon as the previous answer arrived. */
async function drive(stack: AiStack, bodies: readonly Record<string, unknown>[], connections: number, durationS: number): Promise<Driven> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const until = started + durationS * 1000;
  const client = async () => {
    while (performance.now() < until) {
      const body = bodies[next++ % bodies.length] as Record<string, unknown>;
      const sent = performance.now();
      const answer = await suggest(stack, body).catch(() => ({ status: 0, learned: 0, proposals: 0 }));
      latenciesMs.push(performance.now() - sent);
      if (answer.status !== 201 || answer.proposals === 0) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  return { requests: latenciesMs.length, failures, seconds: (performance.now() - started) / 1000, latenciesMs: latenciesMs.sort((a, b) => a - b) };
}

/**
 * Figure 3: posting suggestions per second from the built-in engine (`POST /api/v1/finance/llm/suggestions`,
 * each answer stored as a suggestion), with a model learned from finance's posting events: bank transactions
 * of the sixteen counterparties, sent round-robin at saturation. A suggestion without proposals counts as failed.
 */
export async function suggestionFigures(stack: AiStack, settings: AiBenchSettings): Promise<void> {
  const learnS = await learnLedger(stack, settings.ledgerEntries);
  const bodies = benchBankTransactions();
  await drive(stack, bodies, settings.suggestionConnections, settings.warmupS);
  const cpuBefore = await cpuSeconds(stack.aiPid);
  const driven = await drive(stack, bodies, settings.suggestionConnections, settings.durationS * settings.rounds);
  const cpuAfter = await cpuSeconds(stack.aiPid);
  const perSecond = (driven.requests - driven.failures) / driven.seconds;
  printTable(
    `Posting suggestions from the local engine (model learned from ${settings.ledgerEntries} posted entries via finance events in ${fixed(learnS, 1)} s; ` +
      `${settings.suggestionConnections} clients at saturation for ${fixed(driven.seconds, 1)} s)`,
    ['suggestions/s', 'p50 ms', 'p99 ms', 'ai CPU ms per suggestion', 'requests', 'failures', 'goal'],
    [
      [
        fixed(perSecond, 0),
        fixed(percentile(driven.latenciesMs, 0.5), 2),
        fixed(percentile(driven.latenciesMs, 0.99), 2),
        fixed(((cpuAfter - cpuBefore) * 1000) / Math.max(1, driven.requests), 2),
        String(driven.requests),
        String(driven.failures),
        'none set (figure only)',
      ],
    ],
  );
}
