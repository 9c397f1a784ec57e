import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountType } from '../../src/domain/chart.js';
import type { LedgerLine } from '../../src/domain/entry.js';
import { formatAmount, Money, sum, ZERO } from '../../src/domain/money.js';
import { planYearEnd, YEAR_END_ACCOUNTS, type YearBalance } from '../../src/domain/year-end.js';

const SKR03 = YEAR_END_ACCOUNTS.SKR03;
const balance = (account: string, type: AccountType, debit: string, credit: string): YearBalance => ({ account, type, debit, credit });
const sides = (lines: readonly LedgerLine[]) => lines.map((line) => [line.account, line.debit, line.credit]);
const net = (lines: readonly LedgerLine[]) => sum(lines.map((line) => new Money(line.debit).minus(line.credit)));

/** Debit minus credit per account over the lines. */
function byAccount(lines: readonly LedgerLine[]): Map<string, Money> {
  const totals = new Map<string, Money>();
  for (const line of lines) totals.set(line.account, (totals.get(line.account) ?? ZERO).plus(line.debit).minus(line.credit));
  return totals;
}

describe('planYearEnd', () => {
  it('should close revenue and expense into 0860 for a profit and carry every other balance forward on its own side', () => {
    const plan = planYearEnd(SKR03, [
      balance('1200', 'asset', '1190.00', '400.00'),
      balance('1776', 'liability', '0.00', '190.00'),
      balance('8400', 'revenue', '0.00', '1000.00'),
      balance('4930', 'expense', '400.00', '0.00'),
    ]);

    expect(plan.result).toBe('600.00');
    expect(plan.resultAccount).toBe('0860');
    expect(plan.closingEntries.map(sides)).toEqual([
      [
        ['4930', '0.00', '400.00'],
        ['8400', '1000.00', '0.00'],
        ['0860', '0.00', '600.00'],
      ],
    ]);
    expect(plan.openingEntries.map(sides)).toEqual([
      [
        ['0860', '0.00', '600.00'],
        ['1200', '790.00', '0.00'],
        ['1776', '0.00', '190.00'],
      ],
    ]);
  });

  it('should post a loss to 0868 (SKR03) and 2978 (SKR04)', () => {
    const movements = [balance('1200', 'asset', '0.00', '250.50'), balance('4930', 'expense', '250.50', '0.00')];

    const skr03 = planYearEnd(SKR03, movements);
    const skr04 = planYearEnd(YEAR_END_ACCOUNTS.SKR04, movements);

    expect([skr03.result, skr03.resultAccount, skr04.resultAccount]).toEqual(['-250.50', '0868', '2978']);
    expect(sides(skr03.closingEntries[0] ?? [])).toEqual([
      ['4930', '0.00', '250.50'],
      ['0868', '250.50', '0.00'],
    ]);
    expect(sides(skr03.openingEntries[0] ?? [])).toEqual([
      ['0868', '250.50', '0.00'],
      ['1200', '0.00', '250.50'],
    ]);
  });

  it('should add no equity line when revenue and expense cancel, and write no entries for a ledger without balances', () => {
    const even = planYearEnd(SKR03, [balance('8400', 'revenue', '0.00', '80.00'), balance('4930', 'expense', '80.00', '0.00')]);
    const empty = planYearEnd(SKR03, [balance('1200', 'asset', '50.00', '50.00'), balance('8400', 'revenue', '10.00', '10.00')]);

    expect([even.result, even.resultAccount, even.closingEntries.map(sides), even.openingEntries]).toEqual([
      '0.00',
      null,
      [
        [
          ['4930', '0.00', '80.00'],
          ['8400', '80.00', '0.00'],
        ],
      ],
      [],
    ]);
    expect([empty.closingEntries, empty.openingEntries]).toEqual([[], []]);
  });

  it('should split many accounts into balanced entries of at most the given lines, the opening ones against 9000', () => {
    const assets = Array.from({ length: 7 }, (_, index) => balance(`12${String(index).padStart(2, '0')}`, 'asset', `${index + 1}.00`, '0.00'));
    const revenues = Array.from({ length: 7 }, (_, index) => balance(`84${String(index).padStart(2, '0')}`, 'revenue', '0.00', `${index + 1}.00`));

    const plan = planYearEnd(SKR03, [...assets, ...revenues], 4);

    for (const entry of [...plan.closingEntries, ...plan.openingEntries]) {
      expect(entry.length).toBeLessThanOrEqual(4);
      expect(net(entry).isZero()).toBe(true);
      expect(entry.map((line) => line.lineNo)).toEqual(entry.map((_, index) => index + 1));
    }
    expect(plan.closingEntries).toHaveLength(3);
    expect(plan.openingEntries.length).toBeGreaterThan(1);
    expect(byAccount(plan.openingEntries.flat()).get('9000')?.isZero()).toBe(true);
    expect(byAccount(plan.openingEntries.flat()).get('0860')?.toFixed(2)).toBe('-28.00');
  });

  it('should refuse movements that do not balance, which no consistent ledger has', () => {
    expect(() => planYearEnd(SKR03, [balance('1200', 'asset', '10.00', '0.00')])).toThrow(/do not add up to zero/);
  });
});

const ACCOUNTS: readonly { account: string; type: AccountType }[] = [
  { account: '0420', type: 'asset' },
  { account: '0860', type: 'equity' },
  { account: '1200', type: 'asset' },
  { account: '1600', type: 'liability' },
  { account: '1776', type: 'liability' },
  { account: '4930', type: 'expense' },
  { account: '8400', type: 'revenue' },
  { account: '9000', type: 'equity' },
];

/** Movements of a ledger made of balanced two-line entries between random accounts. */
const ledgerMovements = fc
  .array(fc.record({ from: fc.nat(ACCOUNTS.length - 1), to: fc.nat(ACCOUNTS.length - 1), cents: fc.bigInt({ min: 1n, max: 10_000_000_00n }) }), {
    maxLength: 40,
  })
  .map((entries) => {
    const totals = new Map(ACCOUNTS.map((account) => [account.account, { debit: ZERO, credit: ZERO }]));
    for (const { from, to, cents } of entries) {
      const amount = new Money(cents.toString()).dividedBy(100);
      const debit = totals.get(ACCOUNTS[from]?.account ?? '') ?? { debit: ZERO, credit: ZERO };
      const credit = totals.get(ACCOUNTS[to]?.account ?? '') ?? { debit: ZERO, credit: ZERO };
      debit.debit = debit.debit.plus(amount);
      credit.credit = credit.credit.plus(amount);
    }
    return ACCOUNTS.map(({ account, type }) => {
      const total = totals.get(account) ?? { debit: ZERO, credit: ZERO };
      return balance(account, type, formatAmount(total.debit), formatAmount(total.credit));
    });
  });

describe('planYearEnd properties', () => {
  it('should balance every entry, zero every P&L account and open every other account with its balance after the closing', () => {
    fc.assert(
      fc.property(ledgerMovements, fc.integer({ min: 2, max: 6 }), (movements, linesMax) => {
        const plan = planYearEnd(SKR03, movements, linesMax);

        const after = new Map(movements.map((movement) => [movement.account, new Money(movement.debit).minus(movement.credit)]));
        for (const [account, amount] of byAccount(plan.closingEntries.flat())) after.set(account, (after.get(account) ?? ZERO).plus(amount));
        const opened = byAccount(plan.openingEntries.flat());
        for (const entry of [...plan.closingEntries, ...plan.openingEntries]) {
          expect(net(entry).isZero()).toBe(true);
          expect(entry.length).toBeLessThanOrEqual(linesMax);
        }
        for (const { account, type } of ACCOUNTS) {
          const closed = after.get(account) ?? ZERO;
          if (type === 'revenue' || type === 'expense') expect(closed.isZero()).toBe(true);
          else expect((opened.get(account) ?? ZERO).toFixed(2)).toBe(closed.toFixed(2));
        }
        expect(new Money(plan.result).toFixed(2)).toBe(
          sum(
            movements
              .filter((movement) => movement.type === 'revenue' || movement.type === 'expense')
              .map((movement) => new Money(movement.credit).minus(movement.debit)),
          ).toFixed(2),
        );
      }),
      { numRuns: 300 },
    );
  });
});
