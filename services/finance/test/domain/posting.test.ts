import { isAppError } from '@erp/kit';
import { describe, expect, it } from 'vitest';
import type { EntryDraft, LineDraft } from '../../src/domain/entry.js';
import { toLedgerLines } from '../../src/domain/posting.js';
import { chartOf } from './chart-fixture.js';

const draft = (lines: LineDraft[], overrides: Partial<EntryDraft> = {}): EntryDraft => ({
  postingDate: '2026-01-15',
  documentDate: '2026-01-15',
  documentRef: 'RE-1',
  description: 'Test',
  currency: 'EUR',
  exchangeRate: '1',
  lines,
  ...overrides,
});

function refusal(action: () => unknown): { code: string; errors: unknown } {
  try {
    action();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, errors: error.errors };
    throw error;
  }
  throw new Error('expected a refusal');
}

const summary = (lines: ReturnType<typeof toLedgerLines>) =>
  lines.map((line) => [line.lineNo, line.account, line.debit, line.credit, line.debitBase, line.creditBase, line.taxCode, line.taxOf]);

describe('toLedgerLines', () => {
  it('should post a gross sale of 119.00 as 100.00 revenue and 19.00 VAT through the account default tax code', () => {
    const lines = toLedgerLines(
      draft([
        { account: '1200', debit: '119.00' },
        { account: '8400', credit: '119.00' },
      ]),
      chartOf(),
    );

    expect(summary(lines)).toEqual([
      [1, '1200', '119.00', '0.00', '119.00', '0.00', null, null],
      [2, '8400', '0.00', '100.00', '0.00', '100.00', 'USt19', null],
      [3, '1776', '0.00', '19.00', '0.00', '19.00', 'USt19', 2],
    ]);
  });

  it('should post no tax when a line says tax_code null on an automatic account', () => {
    const lines = toLedgerLines(
      draft([
        { account: '1200', debit: '119.00' },
        { account: '8400', credit: '119.00', taxCode: null },
      ]),
      chartOf(),
    );

    expect(lines.map((line) => line.account)).toEqual(['1200', '8400']);
  });

  it('should apply an explicit tax code on an account without default', () => {
    const lines = toLedgerLines(
      draft([
        { account: '4930', debit: '59.50', taxCode: 'VSt19' },
        { account: '1000', credit: '59.50' },
      ]),
      chartOf(),
    );

    expect(summary(lines)).toEqual([
      [1, '4930', '50.00', '0.00', '50.00', '0.00', 'VSt19', null],
      [2, '1576', '9.50', '0.00', '9.50', '0.00', 'VSt19', 1],
      [3, '1000', '0.00', '59.50', '0.00', '59.50', null, null],
    ]);
  });

  it('should convert a foreign-currency entry to euro and balance the rounding on the largest line', () => {
    const lines = toLedgerLines(
      draft(
        [
          { account: '3200', debit: '10.00' },
          { account: '3200', debit: '10.00' },
          { account: '3200', debit: '10.00' },
          { account: '1600', credit: '30.00' },
        ],
        {
          currency: 'USD',
          exchangeRate: '3',
        },
      ),
      chartOf(),
    );

    // 10.00 / 3 = 3.33 three times is 9.99, but 30.00 / 3 = 10.00: the credit, the largest line, absorbs the cent.
    expect(lines.map((line) => [line.debitBase, line.creditBase])).toEqual([
      ['3.33', '0.00'],
      ['3.33', '0.00'],
      ['3.33', '0.00'],
      ['0.00', '9.99'],
    ]);
  });

  it('should refuse an unbalanced entry, naming both totals', () => {
    const result = refusal(() =>
      toLedgerLines(
        draft([
          { account: '1200', debit: '100.00' },
          { account: '8200', credit: '99.99' },
        ]),
        chartOf(),
      ),
    );

    expect(result).toEqual({ code: 'FIN_UNBALANCED_ENTRY', errors: [{ pointer: '/lines', detail: expect.stringContaining('differ by 0.01') }] });
  });

  it.each([
    ['1,5', '/lines/0/debit'],
    ['1e3', '/lines/0/debit'],
    ['1.005', '/lines/0/debit'],
    ['0.00', '/lines/0/debit'],
  ])('should refuse the amount %j at %s', (amount, pointer) => {
    const result = refusal(() =>
      toLedgerLines(
        draft([
          { account: '1200', debit: amount },
          { account: '8200', credit: '1.00' },
        ]),
        chartOf(),
      ),
    );

    expect(result).toEqual({ code: 'FIN_INVALID_AMOUNT', errors: [{ pointer, detail: expect.any(String) }] });
  });

  it('should refuse a line with both or neither side', () => {
    const result = refusal(() =>
      toLedgerLines(draft([{ account: '1200', debit: '1.00', credit: '1.00' }, { account: '8200' }, { account: '8200', credit: '1.00' }]), chartOf()),
    );

    expect(result).toEqual({
      code: 'FIN_INVALID_FIELD',
      errors: [expect.objectContaining({ pointer: '/lines/0' }), expect.objectContaining({ pointer: '/lines/1' })],
    });
  });

  it('should name every unknown account, then inactive accounts, then unknown tax codes', () => {
    const unknown = refusal(() =>
      toLedgerLines(draft([{ account: '9999' }, { account: '1200', debit: '1.00' }, { account: '0001', credit: '1.00' }]), chartOf()),
    );
    const inactive = refusal(() =>
      toLedgerLines(
        draft([
          { account: '1200', debit: '1.00' },
          { account: '8200', credit: '1.00' },
        ]),
        chartOf(undefined, ['8200']),
      ),
    );
    const taxCode = refusal(() =>
      toLedgerLines(
        draft([
          { account: '1200', debit: '1.00', taxCode: 'USt16' },
          { account: '8200', credit: '1.00' },
        ]),
        chartOf(),
      ),
    );

    expect(unknown.code).toBe('FIN_INVALID_FIELD');
    expect(
      refusal(() =>
        toLedgerLines(
          draft([
            { account: '9999', debit: '1.00' },
            { account: '0001', credit: '1.00' },
          ]),
          chartOf(),
        ),
      ),
    ).toEqual({
      code: 'FIN_UNKNOWN_ACCOUNT',
      errors: [expect.objectContaining({ pointer: '/lines/0/account' }), expect.objectContaining({ pointer: '/lines/1/account' })],
    });
    expect(inactive).toEqual({ code: 'FIN_ACCOUNT_INACTIVE', errors: [expect.objectContaining({ pointer: '/lines/1/account' })] });
    expect(taxCode).toEqual({ code: 'FIN_UNKNOWN_TAX_CODE', errors: [expect.objectContaining({ pointer: '/lines/0/tax_code' })] });
  });

  it('should refuse a tax code on a tax account', () => {
    const result = refusal(() =>
      toLedgerLines(
        draft([
          { account: '1776', credit: '19.00', taxCode: 'USt19' },
          { account: '1200', debit: '19.00' },
        ]),
        chartOf(),
      ),
    );

    expect(result).toEqual({ code: 'FIN_UNKNOWN_TAX_CODE', errors: [{ pointer: '/lines/0/tax_code', detail: expect.stringContaining('tax account') }] });
  });

  it('should refuse EUR with a rate other than 1, and a malformed rate', () => {
    const lines = [
      { account: '1200', debit: '1.00' },
      { account: '8200', credit: '1.00' },
    ];

    expect(refusal(() => toLedgerLines(draft(lines, { exchangeRate: '1.1' }), chartOf())).code).toBe('FIN_INVALID_EXCHANGE_RATE');
    expect(refusal(() => toLedgerLines(draft(lines, { currency: 'USD', exchangeRate: '1,1' }), chartOf())).code).toBe('FIN_INVALID_EXCHANGE_RATE');
  });

  it('should refuse a line that is worth less than a cent in euro', () => {
    const result = refusal(() =>
      toLedgerLines(
        draft(
          [
            { account: '1200', debit: '0.01' },
            { account: '8200', credit: '0.01' },
          ],
          { currency: 'JPY', exchangeRate: '160' },
        ),
        chartOf(),
      ),
    );

    expect(result).toEqual({ code: 'FIN_INVALID_AMOUNT', errors: [expect.objectContaining({ pointer: '/lines/0' })] });
  });

  it('should refuse control characters in texts', () => {
    const result = refusal(() =>
      toLedgerLines(
        draft(
          [
            { account: '1200', debit: '1.00', text: 'a\u0000b' },
            { account: '8200', credit: '1.00' },
          ],
          { documentRef: 'RE\n1' },
        ),
        chartOf(),
      ),
    );

    expect(result).toEqual({
      code: 'FIN_INVALID_FIELD',
      errors: [expect.objectContaining({ pointer: '/document_ref' }), expect.objectContaining({ pointer: '/lines/0/text' })],
    });
  });
});

describe('toLedgerLines on a single line', () => {
  it('should refuse an entry of fewer than two lines', () => {
    const result = refusal(() => toLedgerLines(draft([{ account: '1200', debit: '1.00' }]), chartOf()));

    expect(result).toEqual({ code: 'FIN_INVALID_FIELD', errors: [expect.objectContaining({ pointer: '/lines' })] });
  });
});
