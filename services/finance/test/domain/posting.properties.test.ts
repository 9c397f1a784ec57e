import { isAppError } from '@erp/kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EntryDraft, LedgerLine, LineDraft } from '../../src/domain/entry.js';
import { formatAmount, Money, sum } from '../../src/domain/money.js';
import { toLedgerLines } from '../../src/domain/posting.js';
import { toReversalLines } from '../../src/domain/reversal.js';
import { chartOf } from './chart-fixture.js';

const chart = chartOf();
// Accounts without a default tax code, and the tax codes a line may name explicitly.
const PLAIN_ACCOUNTS = ['1000', '1200', '1400', '1600', '3200', '4930', '8200', '0420', '1800', '9000'];
const TAX_CODES = [undefined, null, 'USt19', 'USt7', 'VSt19', 'VSt7', 'RC19', 'RCEU19', 'IGE19', 'IGE7', 'IGL', 'FREI'] as const;

const toAmount = (cents: bigint) => formatAmount(new Money(cents.toString()).dividedBy(100));

/** A positive amount of cents split into `parts` positive amounts. */
const partition = (total: bigint, parts: number) =>
  fc
    .uniqueArray(fc.bigInt({ min: 1n, max: total - 1n }), {
      minLength: Math.min(parts - 1, Number(total - 1n)),
      maxLength: Math.min(parts - 1, Number(total - 1n)),
    })
    .map((cuts) => {
      const points = [0n, ...cuts.sort((left, right) => (left < right ? -1 : 1)), total];
      return points.slice(1).map((point, index) => point - (points[index] ?? 0n));
    });

const lineOf = (side: 'debit' | 'credit') =>
  fc
    .record({ account: fc.constantFrom(...PLAIN_ACCOUNTS), taxCode: fc.constantFrom(...TAX_CODES) })
    .map(({ account, taxCode }) => ({ side, account, taxCode }));

/** A balanced entry: debits of random amounts, and credits that split their total at random. */
const balancedDraft = fc
  .record({
    debits: fc.array(fc.bigInt({ min: 100n, max: 10_000_000_00n }), { minLength: 1, maxLength: 6 }),
    creditCount: fc.integer({ min: 1, max: 6 }),
    currency: fc.constantFrom('EUR', 'USD', 'CHF'),
    rateMicros: fc.integer({ min: 500_000, max: 2_000_000 }),
  })
  .chain(({ debits, creditCount, currency, rateMicros }) => {
    const total = debits.reduce((left, right) => left + right, 0n);
    return fc
      .record({
        credits: partition(total, creditCount),
        debitLines: fc.tuple(...debits.map(() => lineOf('debit'))),
        creditLines: fc.array(lineOf('credit'), { minLength: creditCount, maxLength: creditCount }),
      })
      .map(({ credits, debitLines, creditLines }): EntryDraft => {
        const lines: LineDraft[] = [
          ...debits.map((cents, index) => ({ ...pick(debitLines[index]), debit: toAmount(cents) })),
          ...credits.map((cents, index) => ({ ...pick(creditLines[index]), credit: toAmount(cents) })),
        ];
        const exchangeRate = currency === 'EUR' ? '1' : new Money(rateMicros).dividedBy(1_000_000).toFixed(6);
        return { postingDate: '2026-03-01', documentDate: '2026-03-01', documentRef: 'P-1', description: 'property', currency, exchangeRate, lines };
      });
  });

function pick(line: { account: string; taxCode: (typeof TAX_CODES)[number] } | undefined): LineDraft {
  if (!line) throw new Error('missing line');
  return line.taxCode === undefined ? { account: line.account } : { account: line.account, taxCode: line.taxCode };
}

const total = (lines: readonly LedgerLine[], field: 'debit' | 'credit' | 'debitBase' | 'creditBase') => sum(lines.map((line) => new Money(line[field])));

function netByAccount(lines: readonly LedgerLine[]): Map<string, string> {
  const net = new Map<string, Money>();
  for (const line of lines)
    net.set(line.account, (net.get(line.account) ?? new Money(0)).plus(line.debit).minus(line.credit).plus(line.debitBase).minus(line.creditBase));
  return new Map([...net].map(([account, value]) => [account, formatAmount(value)]));
}

describe('posting rules (properties)', () => {
  it('should turn every balanced entry into ledger lines that balance in the currency and in euro, one side per line', () => {
    fc.assert(
      fc.property(balancedDraft, (draft) => {
        const lines = toLedgerLines(draft, chart);

        expect(total(lines, 'debit').equals(total(lines, 'credit'))).toBe(true);
        expect(total(lines, 'debitBase').equals(total(lines, 'creditBase'))).toBe(true);
        expect(lines.map((line) => line.lineNo)).toEqual(lines.map((_, index) => index + 1));
        for (const line of lines) {
          expect([line.debit, line.credit].filter((amount) => amount !== '0.00')).toHaveLength(1);
          expect([line.debitBase, line.creditBase].filter((amount) => amount !== '0.00')).toHaveLength(1);
          if (line.taxOf !== null) expect(line.taxOf).toBeLessThan(line.lineNo);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('should refuse every entry whose debits and credits differ', () => {
    fc.assert(
      fc.property(balancedDraft, fc.bigInt({ min: 1n, max: 100_000n }), (draft, extraCents) => {
        // The generator puts the debits first, so the first line always has a debit to skew.
        const [first, ...rest] = draft.lines;
        const skewed = { ...first, account: first?.account ?? '1000', debit: formatAmount(new Money(first?.debit ?? '0').plus(toAmount(extraCents))) };

        let code: string | undefined;
        try {
          toLedgerLines({ ...draft, lines: [skewed, ...rest] }, chart);
        } catch (error) {
          code = isAppError(error) ? error.code : String(error);
        }

        expect(code).toBe('FIN_UNBALANCED_ENTRY');
      }),
      { numRuns: 200 },
    );
  });

  it('should net every account to zero when an entry and its reversal are taken together', () => {
    fc.assert(
      fc.property(balancedDraft, (draft) => {
        const lines = toLedgerLines(draft, chart);

        const net = netByAccount([...lines, ...toReversalLines(lines)]);

        expect([...net.values()].every((value) => value === '0.00')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('should keep the gross amount of a line with a gross tax code: its net and its tax add up to it', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10_000_000_00n }), fc.constantFrom('USt19', 'USt7', 'VSt19', 'VSt7'), (cents, taxCode) => {
        const gross = toAmount(cents);
        const draft: EntryDraft = {
          postingDate: '2026-03-01',
          documentDate: '2026-03-01',
          documentRef: 'P-2',
          description: '',
          currency: 'EUR',
          exchangeRate: '1',
          lines: [
            { account: '4930', debit: gross, taxCode },
            { account: '1200', credit: gross },
          ],
        };

        const lines = toLedgerLines(draft, chart);

        expect(
          formatAmount(
            total(
              lines.filter((line) => line.account !== '1200'),
              'debit',
            ),
          ),
        ).toBe(gross);
      }),
      { numRuns: 300 },
    );
  });
});
