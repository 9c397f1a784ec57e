import type { Transaction } from 'kysely';
import { findChartEvidence } from '../db/ledger-queries.js';
import type { AiDb } from '../db/schema.js';
import type { IntelligenceContext } from './intelligence-context.js';
import { type ChartName, recogniseChart } from './ledger/chart.js';

/** The tenant's chart as its ledger shows it, recognised once per ledger generation. */
export async function tenantChart(context: IntelligenceContext, trx: Transaction<AiDb>, tenantId: string, generation: string): Promise<ChartName> {
  const key = `chart:${tenantId}:${generation}`;
  const cached = await context.cache.get<ChartName>(key).catch(() => undefined);
  if (cached === 'skr03' || cached === 'skr04') return cached;
  const chart = recogniseChart(await findChartEvidence(trx, tenantId));
  await context.cache.set(key, chart, { ttlMs: context.settings.cacheTtlMs }).catch(() => undefined);
  return chart;
}
