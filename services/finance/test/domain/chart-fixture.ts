import type { ChartTemplate } from '../../src/domain/chart.js';
import { type ChartLookup, toChartLookup } from '../../src/domain/entry.js';
import { SKR03 } from '../../src/domain/skr03.js';

/** The lookup of a template chart, with `inactive` accounts switched off. */
export function chartOf(template: ChartTemplate = SKR03, inactive: readonly string[] = []): ChartLookup {
  return toChartLookup(
    template.accounts.map((account) => ({ number: account.number, inactive: inactive.includes(account.number), defaultTaxCode: account.taxCode ?? null })),
    template.taxCodes,
  );
}
