import type { ObserverConfig } from '@erp/contracts';
import type { Kysely } from 'kysely';
import { loadReportInputs } from '../db/report-inputs.js';
import { findLatestReport } from '../db/reports.js';
import type { ObserverDb } from '../db/schema.js';
import { buildOptimizationReport } from '../domain/report/build-report.js';
import type { OptimizationReport } from '../domain/report/report-types.js';

export interface ReportRequest {
  readonly now: Date;
  readonly windowMin: number;
  readonly memoryLimitMb: number;
}

/** Builds the optimisation report over the last `windowMin` minutes, compared with the latest stored report. */
export async function generateReport(db: Kysely<ObserverDb>, config: ObserverConfig, request: ReportRequest): Promise<OptimizationReport> {
  const from = new Date(request.now.getTime() - request.windowMin * 60_000);
  const [inputs, previous] = await Promise.all([loadReportInputs(db, config, from, request.now, request.memoryLimitMb), findLatestReport(db)]);
  return buildOptimizationReport(inputs, {
    generatedAt: request.now,
    from,
    to: request.now,
    previous: previous ? { id: previous.id, report: previous.report } : null,
  });
}
