import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEntry, type SealedEntry, sealOf, sealTemplate } from '../../src/domain/entry-seal.js';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

// Texts that try to look like the two keys the database fills in, with quotes, escapes and non-ASCII letters.
const trickyText = fc.oneof(
  fc.string({ maxLength: 40, unit: 'grapheme' }),
  fc.constantFrom('"number":0,"posted_at":""', '\\"number\\":0', ',"posted_at":"', '"}],"number":', 'Müller – „Ware“ €', ''),
);

const line = (lineNo: number) =>
  fc.record({
    lineNo: fc.constant(lineNo),
    account: fc.constantFrom('1200', '1400', '8400', '1776'),
    debit: fc.constantFrom('0.00', '119.00'),
    credit: fc.constantFrom('0.00', '19.00'),
    debitBase: fc.constantFrom('0.00', '119.00'),
    creditBase: fc.constantFrom('0.00', '19.00'),
    taxCode: fc.constantFrom(null, 'USt19'),
    taxOf: fc.constantFrom(null, 1),
    text: fc.option(trickyText, { nil: null }),
    costCenter: fc.option(trickyText, { nil: null }),
    costCenter2: fc.option(trickyText, { nil: undefined }),
  });

const sealedEntry: fc.Arbitrary<SealedEntry> = fc.record({
  tenantId: fc.uuid(),
  id: fc.uuid(),
  fiscalYear: fc.integer({ min: 1900, max: 9999 }),
  number: fc.integer({ min: 1, max: 2_147_483_647 }),
  postingDate: fc.constant('2026-01-15'),
  documentDate: fc.constant('2026-01-14'),
  documentRef: trickyText,
  description: trickyText,
  currency: fc.constantFrom('EUR', 'USD'),
  exchangeRate: fc.constantFrom('1.000000', '1.083400'),
  reversalOf: fc.option(fc.uuid(), { nil: null }),
  postedAt: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  postedBy: trickyText,
  lines: fc.integer({ min: 2, max: 4 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => line(index + 1)))),
});

describe('sealTemplate', () => {
  it('should give the canonical text back when the number and the posting time are put between its pieces (property)', () => {
    fc.assert(
      fc.property(sealedEntry, (entry) => {
        const { number, postedAt, ...unnumbered } = entry;
        const { head, middle, tail } = sealTemplate(unnumbered);

        expect(`${head}${number}${middle}${postedAt}${tail}`).toBe(canonicalEntry(entry));
      }),
      { numRuns: 300 },
    );
  });

  it('should let the database seal the same as sealOf: SHA-256 of the previous seal and the filled-in pieces', () => {
    fc.assert(
      fc.property(sealedEntry, fc.stringMatching(/^[0-9a-f]{64}$/), (entry, previous) => {
        const { number, postedAt, ...unnumbered } = entry;
        const { head, middle, tail } = sealTemplate(unnumbered);

        expect(digest(`${previous}${head}${String(number)}${middle}${postedAt}${tail}`)).toBe(sealOf(previous, entry, digest));
      }),
      { numRuns: 100 },
    );
  });
});
