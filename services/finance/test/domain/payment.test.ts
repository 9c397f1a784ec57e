import { isAppError } from '@erp/kit';
import { describe, expect, it } from 'vitest';
import { automaticPostingAccounts } from '../../src/domain/automatic-posting-accounts.js';
import { Money } from '../../src/domain/money.js';
import { type AllocatableItem, type PaymentInput, planPayment } from '../../src/domain/payment.js';
import { toLedgerLines } from '../../src/domain/posting.js';
import { chartOf } from './chart-fixture.js';

const accounts = automaticPostingAccounts('SKR03');
const customer = { id: 'c-1', number: 'K1', name: 'Kunde' };

function item(overrides: Partial<AllocatableItem> = {}): AllocatableItem {
  return {
    id: 'i-1',
    kind: 'receivable',
    documentType: 'invoice',
    documentNumber: 'RE-1',
    partner: customer,
    currency: 'EUR',
    openAmount: new Money('172.50'),
    skonto: { percent: new Money(2), until: '2026-03-20' },
    taxGroups: [
      { taxCode: 'USt19', gross: new Money('119.00') },
      { taxCode: 'USt7', gross: new Money('53.50') },
    ],
    ...overrides,
  };
}

function input(overrides: Partial<PaymentInput> = {}): PaymentInput {
  return {
    direction: 'incoming',
    bankAccount: '1200',
    amount: '169.05',
    currency: 'EUR',
    paymentDate: '2026-03-15',
    allocations: [{ openItemId: 'i-1', amount: '169.05', skonto: true }],
    ...overrides,
  };
}

const itemsOf = (...items: AllocatableItem[]) => new Map(items.map((candidate) => [candidate.id, candidate]));

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
  return 'none';
}

describe('planPayment', () => {
  it('should plan 2 % Skonto on 172.50 (119.00 at 19 %, 53.50 at 7 %) as 2.38 and 1.07, whose tax is 0.38 and 0.07', () => {
    const plan = planPayment(input(), itemsOf(item()), accounts, undefined);
    const lines = toLedgerLines(plan.draft, chartOf());

    expect(plan.settlements.map((settlement) => [settlement.amount.toFixed(2), settlement.skonto.toFixed(2)])).toEqual([['169.05', '3.45']]);
    expect(lines.map((line) => [line.account, line.debit, line.credit, line.taxCode])).toEqual([
      ['1200', '169.05', '0.00', null],
      ['1400', '0.00', '172.50', null],
      ['8736', '2.00', '0.00', 'USt19'],
      ['1776', '0.38', '0.00', 'USt19'],
      ['8731', '1.00', '0.00', 'USt7'],
      ['1771', '0.07', '0.00', 'USt7'],
    ]);
  });

  it('should keep the unallocated rest on account of the partner', () => {
    const plan = planPayment(
      input({ amount: '200.00', allocations: [{ openItemId: 'i-1', amount: '172.50', skonto: false }] }),
      itemsOf(item()),
      accounts,
      undefined,
    );

    expect([plan.onAccount.toFixed(2), plan.onAccountKind, plan.partner]).toEqual(['27.50', 'receivable', customer]);
  });

  it.each([
    ['more than is open', input({ amount: '200.00', allocations: [{ openItemId: 'i-1', amount: '172.51', skonto: false }] }), 'FIN_OVER_ALLOCATION'],
    ['more than is paid', input({ amount: '100.00', allocations: [{ openItemId: 'i-1', amount: '100.01', skonto: false }] }), 'FIN_OVER_ALLOCATION'],
    ['Skonto after its period', input({ paymentDate: '2026-03-21' }), 'FIN_SKONTO_NOT_APPLICABLE'],
    [
      'Skonto with a wrong amount',
      input({ amount: '169.04', allocations: [{ openItemId: 'i-1', amount: '169.04', skonto: true }] }),
      'FIN_SKONTO_NOT_APPLICABLE',
    ],
    ['an outgoing payment for a receivable', input({ direction: 'outgoing' }), 'FIN_INVALID_ALLOCATION'],
    ['a foreign currency', input({ currency: 'CHF' }), 'FIN_FOREIGN_CURRENCY_PAYMENT'],
    ['an unknown item', input({ allocations: [{ openItemId: 'i-9', amount: '1.00', skonto: false }] }), 'FIN_INVALID_ALLOCATION'],
    ['another partner than named', input({ partnerId: 'c-2' }), 'FIN_INVALID_ALLOCATION'],
    ['money on account for nobody', input({ allocations: [] }), 'FIN_UNKNOWN_PARTNER'],
    ['a malformed amount', input({ amount: '1.005' }), 'FIN_INVALID_AMOUNT'],
  ])('should refuse %s', (_case, payment, code) => {
    expect(codeOf(() => planPayment(payment, itemsOf(item()), accounts, undefined))).toBe(code);
  });

  it('should refuse items of two partners, in another currency, or settled', () => {
    const other = item({ id: 'i-2', partner: { id: 'c-2', number: 'K2', name: 'Andere' }, skonto: null });
    const dollars = item({ id: 'i-3', currency: 'USD' });
    const settled = item({ id: 'i-4', openAmount: new Money(0) });
    const allocate = (id: string) => ({ openItemId: id, amount: '1.00', skonto: false });

    expect([
      codeOf(() => planPayment(input({ amount: '2.00', allocations: [allocate('i-1'), allocate('i-2')] }), itemsOf(item(), other), accounts, undefined)),
      codeOf(() => planPayment(input({ amount: '1.00', allocations: [allocate('i-3')] }), itemsOf(dollars), accounts, undefined)),
      codeOf(() => planPayment(input({ amount: '1.00', allocations: [allocate('i-4')] }), itemsOf(settled), accounts, undefined)),
    ]).toEqual(['FIN_INVALID_ALLOCATION', 'FIN_CURRENCY_MISMATCH', 'FIN_OPEN_ITEM_CLOSED']);
  });
});
