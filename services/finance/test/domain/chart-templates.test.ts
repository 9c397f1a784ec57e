import { describe, expect, it } from 'vitest';
import { ACCOUNT_TYPES, type ChartTemplate } from '../../src/domain/chart.js';
import { chartTemplate } from '../../src/domain/chart-templates.js';

const templates: ChartTemplate[] = [chartTemplate('SKR03'), chartTemplate('SKR04')];

describe.each(templates.map((template) => [template.chart, template] as const))('the %s template', (_chart, template) => {
  const numbers = new Set(template.accounts.map((account) => account.number));

  it('should be complete enough for a small business: over a hundred accounts of every type with unique numbers', () => {
    expect(template.accounts.length).toBeGreaterThan(100);
    expect(numbers.size).toBe(template.accounts.length);
    for (const type of ACCOUNT_TYPES) expect(template.accounts.filter((account) => account.type === type).length).toBeGreaterThan(5);
    for (const account of template.accounts) expect(account.number).toMatch(/^[0-9]{4}$/);
  });

  it('should name only existing parents and tax codes', () => {
    const codes = new Set(template.taxCodes.map((taxCode) => taxCode.code));
    for (const account of template.accounts) {
      if (account.parent) expect(numbers, `${account.number} parent`).toContain(account.parent);
      if (account.taxCode) expect(codes, `${account.number} tax code`).toContain(account.taxCode);
    }
  });

  it('should post every tax code to accounts of the chart: assets for input tax, liabilities for output tax', () => {
    const byNumber = new Map(template.accounts.map((account) => [account.number, account]));
    for (const taxCode of template.taxCodes) {
      if (taxCode.inputTaxAccount) expect(byNumber.get(taxCode.inputTaxAccount)?.type, taxCode.code).toBe('asset');
      if (taxCode.outputTaxAccount) expect(byNumber.get(taxCode.outputTaxAccount)?.type, taxCode.code).toBe('liability');
    }
  });

  it('should give revenue accounts output or exempt codes and expense accounts input or self-assessed codes', () => {
    const kinds = new Map(template.taxCodes.map((taxCode) => [taxCode.code, taxCode.kind]));
    for (const account of template.accounts.filter((candidate) => candidate.taxCode)) {
      const kind = kinds.get(account.taxCode ?? '');
      if (account.type === 'revenue') expect(['output', 'exempt'], account.number).toContain(kind);
      if (account.type === 'expense') expect(['input', 'reverse_charge', 'intra_eu_acquisition'], account.number).toContain(kind);
    }
  });
});

describe('tax accounts of the templates', () => {
  const accountsOf = (template: ChartTemplate, code: string) => {
    const taxCode = template.taxCodes.find((candidate) => candidate.code === code);
    return [taxCode?.outputTaxAccount ?? null, taxCode?.inputTaxAccount ?? null, taxCode?.datevBuKey ?? null, taxCode?.ustvaBaseKz ?? null];
  };

  it.each([
    ['SKR03', 'USt19', ['1776', null, '3', '81']],
    ['SKR03', 'USt7', ['1771', null, '2', '86']],
    ['SKR03', 'VSt19', [null, '1576', '9', null]],
    ['SKR03', 'VSt7', [null, '1571', '8', null]],
    ['SKR03', 'RC19', ['1787', '1577', '94', '84']],
    ['SKR03', 'IGE19', ['1774', '1574', '19', '89']],
    ['SKR04', 'USt19', ['3806', null, '3', '81']],
    ['SKR04', 'USt7', ['3801', null, '2', '86']],
    ['SKR04', 'VSt19', [null, '1406', '9', null]],
    ['SKR04', 'VSt7', [null, '1401', '8', null]],
    ['SKR04', 'RC19', ['3837', '1407', '94', '84']],
    ['SKR04', 'IGE19', ['3804', '1404', '19', '89']],
    ['SKR04', 'IGL', [null, null, null, '41']],
  ] as const)('%s %s posts to %j', (chart, code, expected) => {
    expect(accountsOf(chartTemplate(chart), code)).toEqual(expected);
  });

  it('should report §13b and input tax Kennzahlen', () => {
    const rc = chartTemplate('SKR03').taxCodes.find((taxCode) => taxCode.code === 'RCEU19');

    expect(rc).toMatchObject({ kind: 'reverse_charge', datevBuKey: '46', ustvaBaseKz: '46', ustvaOutputTaxKz: '47', ustvaInputTaxKz: '67' });
  });
});
