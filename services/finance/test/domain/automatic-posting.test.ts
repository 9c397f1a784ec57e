import type { CoreOrderInvoicedV1 } from '@erp/contracts';
import { isAppError } from '@erp/kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { automaticPostingAccounts } from '../../src/domain/automatic-posting-accounts.js';
import { toTaxGroups } from '../../src/domain/automatic-posting-groups.js';
import { toExactLedgerLines, toLedgerText } from '../../src/domain/automatic-posting-lines.js';
import { planSupplierInvoicePosting } from '../../src/domain/automatic-posting-purchase.js';
import { creditNoteSettlement, planInvoicePosting } from '../../src/domain/automatic-posting-sales.js';
import { taxCodeForCategory } from '../../src/domain/automatic-posting-tax.js';
import { formatAmount, Money, sum } from '../../src/domain/money.js';
import { SKR03 } from '../../src/domain/skr03.js';
import { taxOfNet } from '../../src/domain/tax-lines.js';
import { invoiceData, purchaseLine, salesLine, supplierInvoiceData } from '../events/documents.js';
import { chartOf } from './chart-fixture.js';

const accounts = automaticPostingAccounts('SKR03');
const findTaxCode = (code: string) => SKR03.taxCodes.find((taxCode) => taxCode.code === code);
const chart = chartOf();

function thrown(action: () => unknown): { code: string; errors: { pointer: string; detail: string }[] } {
  try {
    action();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, errors: error.errors ?? [] };
    throw error;
  }
  throw new Error('expected an error');
}

describe('taxCodeForCategory', () => {
  it.each([
    ['sales', 'S', '19', 'DE', 'USt19'],
    ['sales', 'S', '7.00', 'DE', 'USt7'],
    ['sales', 'K', '0', 'FR', 'IGL'],
    ['sales', 'G', '0', 'US', 'AUSFUHR'],
    ['sales', 'E', '0', 'DE', 'FREI'],
    ['sales', 'AE', '0', 'AT', 'EUSL'],
    ['sales', 'AE', '0', 'DE', 'RCUMS'],
    ['sales', 'O', '0', 'CH', 'NSTB'],
    ['purchase', 'S', '19', 'DE', 'VSt19'],
    ['purchase', 'S', '7', 'DE', 'VSt7'],
    ['purchase', 'K', '19', 'NL', 'IGE19'],
    ['purchase', 'AE', '19', 'FR', 'RCEU19'],
    ['purchase', 'AE', '19', 'US', 'RC19'],
    ['purchase', 'AE', '7', 'DE', 'RC7'],
    ['purchase', 'E', '0', 'DE', null],
  ] as const)('should book %s %s at %s %% from %s with %s', (direction, category, rate, country, code) => {
    expect(taxCodeForCategory(direction, category, rate, country)).toEqual({ code });
  });

  it.each([
    ['sales', 'S', '16', 'DE'],
    ['sales', 'K', '19', 'FR'],
    ['purchase', 'AE', '7', 'FR'],
  ] as const)('should find no code for %s %s at %s %% from %s', (direction, category, rate, country) => {
    expect(taxCodeForCategory(direction, category, rate, country)).toEqual({ problem: expect.any(String) });
  });
});

describe('toTaxGroups', () => {
  it('should accept a stated tax that per-line rounding moved by up to a cent a line, and refuse more', async () => {
    // Three lines of 0.03 at 19 %: 0.01 tax each when rounded per line (0.03), 0.02 on the base of 0.09.
    const lines = [salesLine('0.03', '19'), salesLine('0.03', '19'), salesLine('0.03', '19')];
    const totals = (tax: string) => ({
      net: '0.09',
      tax: [{ tax_category: 'S' as const, rate: '19', base: '0.09', tax }],
      tax_total: tax,
      gross: formatAmount(new Money('0.09').plus(tax)),
    });

    const accepted = toTaxGroups({ lines, totals: totals('0.05') }, 'sales', 'DE', findTaxCode);
    const refused = thrown(() => toTaxGroups({ lines, totals: totals('0.06') }, 'sales', 'DE', findTaxCode));

    expect(accepted[0]?.tax.toFixed(2)).toBe('0.05');
    expect(refused).toEqual({
      code: 'FIN_INVALID_EVENT',
      errors: [{ pointer: '/data/totals/tax/0/tax', detail: 'The tax 0.06 does not fit 0.09 at 19.00 % (0.02).' }],
    });
  });

  it('should name a line without a breakdown row, a base its lines miss, and totals that do not add up', () => {
    const invoice = invoiceData();
    const broken = {
      lines: [...invoice.lines, salesLine('5.00', '0', { tax_category: 'E' })],
      totals: { ...invoice.totals, tax: [{ ...invoice.totals.tax[0], base: '99.98' }, invoice.totals.tax[1]], tax_total: '25.00' },
    } as CoreOrderInvoicedV1;

    const problem = thrown(() => toTaxGroups(broken, 'sales', 'DE', findTaxCode));

    expect(problem.code).toBe('FIN_INVALID_EVENT');
    expect(problem.errors.map((error) => error.pointer)).toEqual([
      '/data/lines/2',
      '/data/totals/tax/0/base',
      '/data/totals/net',
      '/data/totals/tax_total',
      '/data/totals/gross',
    ]);
  });

  it('should refuse tax on an exempt row and a rate the category does not have', () => {
    const lines = [salesLine('10.00', '0', { tax_category: 'K' }), salesLine('10.00', '16')];
    const totals = {
      net: '20.00',
      tax: [
        { tax_category: 'K' as const, rate: '0', base: '10.00', tax: '1.00' },
        { tax_category: 'S' as const, rate: '16', base: '10.00', tax: '1.60' },
      ],
      tax_total: '2.60',
      gross: '22.60',
    };

    expect(thrown(() => toTaxGroups({ lines, totals }, 'sales', 'FR', findTaxCode)).errors.map((error) => error.pointer)).toEqual([
      '/data/totals/tax/0/tax',
      '/data/totals/tax/1/rate',
    ]);
  });
});

// An invoice of 1 to 8 lines at 19 %, 7 % or tax-free (K), with the breakdown and totals core would send.
const invoices = fc
  .array(fc.record({ cents: fc.integer({ min: 0, max: 5_000_000 }), rate: fc.constantFrom('19', '7', '0') }), { minLength: 1, maxLength: 8 })
  .map((drafts) => {
    const lines = drafts.map((draft) =>
      salesLine(formatAmount(new Money(draft.cents).dividedBy(100)), draft.rate, { tax_category: draft.rate === '0' ? 'K' : 'S' }),
    );
    const rates = [...new Set(drafts.map((draft) => draft.rate))];
    const tax = rates.map((rate) => {
      const base = sum(lines.filter((line) => line.vat_rate === rate).map((line) => new Money(line.net_amount)));
      return {
        tax_category: rate === '0' ? ('K' as const) : ('S' as const),
        rate,
        base: formatAmount(base),
        tax: formatAmount(taxOfNet(base, new Money(rate))),
      };
    });
    const net = sum(tax.map((row) => new Money(row.base)));
    const taxTotal = sum(tax.map((row) => new Money(row.tax)));
    return invoiceData({ lines, totals: { net: formatAmount(net), tax, tax_total: formatAmount(taxTotal), gross: formatAmount(net.plus(taxTotal)) } });
  });

describe('planInvoicePosting', () => {
  it('should always post a receivable of the gross amount, balanced, with exactly the stated tax per rate', () => {
    fc.assert(
      fc.property(invoices, (invoice) => {
        fc.pre(new Money(invoice.totals.gross).greaterThan(0));
        const lines = toExactLedgerLines(planInvoicePosting(invoice, accounts, findTaxCode).draft, chart);
        const debit = sum(lines.map((line) => new Money(line.debit)));
        const credit = sum(lines.map((line) => new Money(line.credit)));
        const taxByCode = (code: string) => sum(lines.filter((line) => line.taxOf !== null && line.taxCode === code).map((line) => new Money(line.credit)));

        expect(debit.equals(credit)).toBe(true);
        expect(lines[0]).toMatchObject({ account: '1400', debit: invoice.totals.gross });
        for (const row of invoice.totals.tax.filter((candidate) => candidate.rate !== '0')) {
          expect(taxByCode(row.rate === '19' ? 'USt19' : 'USt7').toFixed(2)).toBe(row.tax);
        }
      }),
    );
  });
});

describe('planSupplierInvoicePosting', () => {
  it("should split a rate's stated tax over its accounts so that the parts add up to it exactly", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10_000_00 }), { minLength: 1, maxLength: 6 }), (cents) => {
        const lines = cents.map((amount, index) =>
          purchaseLine(formatAmount(new Money(amount).dividedBy(100)), '19', { expense_account: ['4930', '4980', '4985'][index % 3] ?? null }),
        );
        const base = sum(lines.map((line) => new Money(line.net_amount)));
        const tax = taxOfNet(base, new Money(19));
        const invoice = supplierInvoiceData({
          lines,
          totals: {
            net: formatAmount(base),
            tax: [{ tax_category: 'S', rate: '19', base: formatAmount(base), tax: formatAmount(tax) }],
            tax_total: formatAmount(tax),
            gross: formatAmount(base.plus(tax)),
          },
        });
        const ledger = toExactLedgerLines(planSupplierInvoicePosting(invoice, accounts, findTaxCode).draft, chart);

        expect(sum(ledger.filter((line) => line.account === '1576').map((line) => new Money(line.debit))).equals(tax)).toBe(true);
        expect(ledger.at(-1)).toMatchObject({ account: '1600', credit: formatAmount(base.plus(tax)) });
      }),
    );
  });
});

describe('creditNoteSettlement', () => {
  it.each([
    ['59.50', '211.42', '59.50', '0.00'],
    ['59.50', '47.60', '47.60', '11.90'],
    ['10.00', '0.00', '0.00', '10.00'],
  ])('should lower %s against %s open by %s and keep %s as a credit', (gross, open, reduction, surplus) => {
    const result = creditNoteSettlement(new Money(gross), new Money(open));

    expect([result.reduction.toFixed(2), result.surplus.toFixed(2)]).toEqual([reduction, surplus]);
  });
});

describe('toLedgerText', () => {
  it('should replace control characters and lone surrogates and cut to the limit in characters', () => {
    expect(toLedgerText('Müller\u0000GmbH\n', 200)).toBe('Müller GmbH');
    expect(toLedgerText('a\ud800b', 200)).toBe('a\ufffdb');
    expect(toLedgerText('😀😀😀', 2)).toBe('😀😀');
    expect(toLedgerText('\u0001', 10)).toBe('-');
  });
});
