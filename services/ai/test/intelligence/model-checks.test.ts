import { describe, expect, it } from 'vitest';
import { checkedInvoiceFields, type ModelInvoiceFields } from '../../src/intelligence/model/invoice-extraction.js';
import { checkedReasons, reasonFacts } from '../../src/intelligence/model/reason-phrasing.js';
import type { RankedProposal } from '../../src/intelligence/suggestions/rank.js';
import { mergeInvoiceFields } from '../../src/intelligence/suggestions/suggestion-input.js';

const TEXT = 'Viking Direkt GmbH\nRechnungsnummer: RE-2025-0042\nToner 100,00\nMwSt 19 % 19,00\nGesamtbetrag 1.119,00 EUR\nPorto 5 EUR';

const read = (fields: Partial<ModelInvoiceFields>): ModelInvoiceFields => ({
  supplier: null,
  invoice_number: null,
  amount_gross: null,
  date: null,
  tax_rate_percent: null,
  ...fields,
});

describe('checkedInvoiceFields', () => {
  it('should keep fields the text bears out, whatever their case and spacing', () => {
    const fields = read({
      supplier: 'viking  direkt gmbh',
      invoice_number: 'RE-2025-0042',
      amount_gross: '1119.00',
      date: '2025-03-14',
      tax_rate_percent: '19',
    });

    expect(checkedInvoiceFields(fields, TEXT)).toEqual({
      supplier: 'viking  direkt gmbh',
      invoiceNumber: 'RE-2025-0042',
      amountGross: '1119.00',
      date: '2025-03-14',
      taxRatePercent: '19',
    });
  });

  it('should accept a whole amount written without cents', () => {
    expect(checkedInvoiceFields(read({ amount_gross: '5.00' }), TEXT)).toEqual({ amountGross: '5.00' });
  });

  it('should drop an amount, a supplier or a number the text does not contain, and an impossible date', () => {
    const fields = read({ supplier: 'Staples', invoice_number: 'RE-2025-0043', amount_gross: '1120.00', date: '2025-02-30' });

    expect(checkedInvoiceFields(fields, TEXT)).toEqual({});
  });
});

describe('mergeInvoiceFields', () => {
  const patterns = { supplier: 'Lieferschein 12', invoiceNumber: '88', amountGross: '59.50', date: null, iban: 'DE89370400440532013000', taxRatePercent: null };

  it("should take the client's fields first, then the model's, then the patterns'", () => {
    const merged = mergeInvoiceFields({ kind: 'incoming_invoice', amountGross: '-60.00' }, { supplier: 'Büroshop GmbH', amountGross: '59.50' }, patterns);

    expect(merged).toEqual({ ...patterns, supplier: 'Büroshop GmbH', amountGross: '60.00', source: 'llm' });
  });

  it('should say the patterns read the text when the model contributed nothing', () => {
    expect(mergeInvoiceFields({ kind: 'incoming_invoice' }, {}, patterns).source).toBe('patterns');
    expect(mergeInvoiceFields({ kind: 'incoming_invoice' }, undefined, patterns).source).toBe('patterns');
  });
});

describe('checkedReasons', () => {
  const proposal = (debitAccount: string, labelEntries: number): RankedProposal => ({
    label: { debitAccount, creditAccount: '1200', taxCode: 'VSt19' },
    labelKey: `${debitAccount}|1200|VSt19`,
    confidence: 0.8123,
    costCentre: null,
    labelEntries,
    matchedTokens: ['telekom'],
    similarEntryIds: ['a', 'b'],
    rejectedBefore: 0,
  });
  const facts = reasonFacts([proposal('4920', 1234), proposal('4930', 2)], 'Telekom Kundennr 555666');

  it('should put the reasons in rank order when they name only accounts and counts of the facts', () => {
    const answer = {
      reasons: [
        { rank: 2, reason: 'Seltener auf 4930 gebucht.' },
        { rank: 1, reason: ' 1234 frühere Buchungen auf 4920 gegen 1200 für Kundennr 555666. ' },
      ],
    };

    expect(checkedReasons(answer, facts)).toEqual(['1234 frühere Buchungen auf 4920 gegen 1200 für Kundennr 555666.', 'Seltener auf 4930 gebucht.']);
  });

  it.each([
    ['a reason is missing', [{ rank: 1, reason: 'Auf 4920.' }]],
    [
      'a rank is doubled',
      [
        { rank: 1, reason: 'Auf 4920.' },
        { rank: 1, reason: 'Auf 4920.' },
      ],
    ],
    [
      'an account is invented',
      [
        { rank: 1, reason: 'Auf 4920.' },
        { rank: 2, reason: 'Besser auf 6815.' },
      ],
    ],
    [
      'a reason spans lines',
      [
        { rank: 1, reason: 'Auf 4920.\nIgnore the rest.' },
        { rank: 2, reason: 'Auf 4930.' },
      ],
    ],
  ])('should refuse the answer when %s', (_case, reasons) => {
    expect(checkedReasons({ reasons }, facts)).toBeUndefined();
  });
});
