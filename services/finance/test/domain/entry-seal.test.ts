import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalEntry, checkLink, GENESIS_HASH, type SealedEntry, sealOf } from '../../src/domain/entry-seal.js';

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

const entry: SealedEntry = {
  tenantId: '7f0c4c55-4a57-4b9d-9c1e-2d1b0f5f6a01',
  id: '0b6f3f7e-5a2c-4c59-8a51-3b6b8d2a9e10',
  fiscalYear: 2026,
  number: 1,
  postingDate: '2026-01-15',
  documentDate: '2026-01-14',
  documentRef: 'RE-1001',
  description: 'Verkauf "Ware" – Müller',
  currency: 'EUR',
  exchangeRate: '1.000000',
  reversalOf: null,
  postedAt: '2026-01-15T10:00:00.123Z',
  postedBy: 'user-1',
  lines: [
    {
      lineNo: 2,
      account: '8400',
      debit: '0.00',
      credit: '100.00',
      debitBase: '0.00',
      creditBase: '100.00',
      taxCode: 'USt19',
      taxOf: null,
      text: null,
      costCenter: null,
    },
    {
      lineNo: 1,
      account: '1400',
      debit: '119.00',
      credit: '0.00',
      debitBase: '119.00',
      creditBase: '0.00',
      taxCode: null,
      taxOf: null,
      text: 'Kunde 1',
      costCenter: null,
    },
    {
      lineNo: 3,
      account: '1776',
      debit: '0.00',
      credit: '19.00',
      debitBase: '0.00',
      creditBase: '19.00',
      taxCode: 'USt19',
      taxOf: 2,
      text: null,
      costCenter: null,
    },
  ],
};

describe('canonicalEntry', () => {
  it('should sort keys, order lines by number and leave out whitespace', () => {
    const text = canonicalEntry(entry);

    expect(text.startsWith('{"currency":"EUR","description":"Verkauf \\"Ware\\" – Müller","document_date":"2026-01-14"')).toBe(true);
    expect(text).toContain('"lines":[{"account":"1400","cost_center":null,"credit":"0.00"');
    expect(text).not.toMatch(/\s"|":\s/);
    expect(JSON.parse(text)).toMatchObject({ v: 1, number: 1, tenant_id: entry.tenantId });
  });

  it('should not depend on the order in which the lines or keys are given', () => {
    expect(canonicalEntry({ ...entry, lines: [...entry.lines].reverse() })).toBe(canonicalEntry(entry));
  });
});

describe('sealOf and checkLink', () => {
  const hash = sealOf(GENESIS_HASH, entry, digest);

  it('should hash the previous seal followed by the canonical entry', () => {
    expect(hash).toBe(digest(GENESIS_HASH + canonicalEntry(entry)));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should accept an untouched entry', () => {
    expect(checkLink(1, GENESIS_HASH, { entry, previousHash: GENESIS_HASH, hash }, digest)).toBeUndefined();
  });

  it.each([
    ['an amount', { lines: entry.lines.map((line) => (line.lineNo === 1 ? { ...line, debit: '118.00' } : line)) }],
    ['an account', { lines: entry.lines.map((line) => (line.lineNo === 2 ? { ...line, account: '8300' } : line)) }],
    ['the posting date', { postingDate: '2026-01-16' }],
    ['the document reference', { documentRef: 'RE-1002' }],
    ['the poster', { postedBy: 'user-2' }],
  ])('should find a changed %s', (_field, change) => {
    expect(checkLink(1, GENESIS_HASH, { entry: { ...entry, ...change }, previousHash: GENESIS_HASH, hash }, digest)).toBe('hash_mismatch');
  });

  it('should find a broken link and a missing number', () => {
    expect(checkLink(1, 'f'.repeat(64), { entry, previousHash: GENESIS_HASH, hash }, digest)).toBe('previous_hash_mismatch');
    expect(checkLink(2, GENESIS_HASH, { entry, previousHash: GENESIS_HASH, hash }, digest)).toBe('number_gap');
  });
});
