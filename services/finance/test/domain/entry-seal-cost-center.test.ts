import { describe, expect, it } from 'vitest';
import { canonicalEntry, type SealedEntry } from '../../src/domain/entry-seal.js';

const entry: SealedEntry = {
  tenantId: '7f0c4c55-4a57-4b9d-9c1e-2d1b0f5f6a01',
  id: '0b6f3f7e-5a2c-4c59-8a51-3b6b8d2a9e10',
  fiscalYear: 2026,
  number: 1,
  postingDate: '2026-01-15',
  documentDate: '2026-01-15',
  documentRef: 'RE-1',
  description: '',
  currency: 'EUR',
  exchangeRate: '1.000000',
  reversalOf: null,
  postedAt: '2026-01-15T10:00:00.000Z',
  postedBy: 'user-1',
  lines: [
    {
      lineNo: 1,
      account: '1200',
      debit: '10.00',
      credit: '0.00',
      debitBase: '10.00',
      creditBase: '0.00',
      taxCode: null,
      taxOf: null,
      text: null,
      costCenter: null,
    },
    {
      lineNo: 2,
      account: '8200',
      debit: '0.00',
      credit: '10.00',
      debitBase: '0.00',
      creditBase: '10.00',
      taxCode: null,
      taxOf: null,
      text: null,
      costCenter: 'K1',
    },
  ],
};

describe('canonicalEntry with cost centres', () => {
  it('should leave the form of lines without a second dimension as it was, null or absent alike', () => {
    const withNull = { ...entry, lines: entry.lines.map((line) => ({ ...line, costCenter2: null })) };

    expect(canonicalEntry(withNull)).toBe(canonicalEntry(entry));
    expect(canonicalEntry(entry)).toContain('"cost_center":"K1","credit":"10.00"');
    expect(canonicalEntry(entry)).not.toContain('cost_center_2');
  });

  it('should cover a second dimension, sorted after cost_center', () => {
    const withObject = { ...entry, lines: entry.lines.map((line) => (line.lineNo === 2 ? { ...line, costCenter2: 'P1' } : line)) };

    expect(canonicalEntry(withObject)).toContain('"cost_center":"K1","cost_center_2":"P1","credit":"10.00"');
    expect(canonicalEntry(withObject)).not.toBe(canonicalEntry(entry));
  });
});
