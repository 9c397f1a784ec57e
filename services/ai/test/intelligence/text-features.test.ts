import { describe, expect, it } from 'vitest';
import { entryFeatures, entryLabel } from '../../src/intelligence/ledger/ledger-entry.js';
import { extractInvoiceFields, parseLooseAmount } from '../../src/intelligence/suggestions/invoice-text.js';
import { amountBandToken, compoundParts, counterpartyKey, findIbans, foldText, tokenise } from '../../src/intelligence/text/normalise.js';
import { bankPayment, credit, debit, ledgerEntry } from './ledger-fixtures.js';

describe('tokenise', () => {
  it('should give the three spellings of an umlaut the same token', () => {
    expect([tokenise('Bürobedarf'), tokenise('Buerobedarf'), tokenise('BUROBEDARF')]).toEqual([['burobedarf'], ['burobedarf'], ['burobedarf']]);
  });

  it('should drop stopwords, legal forms, dates, amounts and short numbers but keep long numbers', () => {
    expect(tokenise('SEPA-Lastschrift Telekom Deutschland GmbH Rechnung 12/2025 vom 03.12.2025 über 119,00 EUR Kd-Nr 4711 12345678')).toEqual([
      'telekom',
      'deutschland',
      'rechnung',
      'kd',
      '#12345678',
    ]);
  });

  it('should make one token of an IBAN, written with or without spaces', () => {
    const spaced = tokenise('IBAN DE89 3704 0044 0532 0130 00 Miete');
    const compact = tokenise('DE89370400440532013000 Miete');

    expect(spaced).toEqual(['iban:DE89370400440532013000', 'miete']);
    expect(compact).toEqual(spaced);
  });

  it('should not take an invoice number for an IBAN', () => {
    expect(findIbans('RE2024001234')).toEqual([]);
    expect(tokenise('RE2024001234')).toEqual(['re', '#2024001234']);
  });

  it('should fold accents and umlauts in plain text', () => {
    expect(foldText('Müller Straße Café')).toBe('mueller strasse cafe');
  });
});

describe('counterpartyKey', () => {
  it('should name the counterparty by the first name words, without legal form and document words', () => {
    expect(counterpartyKey('Telekom Deutschland GmbH Rechnung 4711 Mobilfunk')).toBe('telekom deutschland');
    expect(counterpartyKey('TELEKOM DEUTSCHLAND GMBH Mobilfunk Kundennr 12345678')).toBe('telekom deutschland mobilfunk');
    expect(counterpartyKey('Rechnung Hausverwaltung Meyer - Miete März')).toBe('hausverwaltung meyer');
  });

  it('should prefer an IBAN in the text', () => {
    expect(counterpartyKey('Miete DE89 3704 0044 0532 0130 00')).toBe('iban:DE89370400440532013000');
  });
});

describe('compoundParts', () => {
  it('should offer the first and last parts of a long word, longest first', () => {
    const { prefixes, suffixes } = compoundParts('warenlieferung');

    expect(prefixes[0]).toBe('warenliefer');
    expect(prefixes).toContain('waren');
    expect(suffixes).toContain('lieferung');
    expect(prefixes.at(-1)).toBe('ware');
  });

  it('should leave short words and numbers alone', () => {
    expect(compoundParts('miete')).toEqual({ prefixes: [], suffixes: [] });
    expect(compoundParts('#12345678')).toEqual({ prefixes: [], suffixes: [] });
  });
});

describe('amountBandToken', () => {
  it('should put amounts into half-decade bands', () => {
    expect([99, 100, 316, 317, 1000].map(amountBandToken)).toEqual(['amt:3', 'amt:4', 'amt:4', 'amt:5', 'amt:6']);
    expect(amountBandToken(0)).toBeUndefined();
  });
});

describe('extractInvoiceFields', () => {
  it('should read supplier, number, gross amount, date, IBAN and tax rate from an invoice text', () => {
    const text =
      'Viking Direkt GmbH\nRechnungsnummer: RE-2025-0042\nDatum: 14.03.2025\nToner 2 Stück 100,00\nMwSt 19 % 19,00\nGesamtbetrag 1.119,00 EUR\nIBAN DE89 3704 0044 0532 0130 00';

    expect(extractInvoiceFields(text)).toEqual({
      supplier: 'Viking Direkt GmbH',
      invoiceNumber: 'RE-2025-0042',
      amountGross: '1119.00',
      date: '2025-03-14',
      iban: 'DE89370400440532013000',
      taxRatePercent: '19',
    });
  });

  it('should leave out what it cannot find, and refuse impossible dates', () => {
    expect(extractInvoiceFields('Danke für Ihren Einkauf am 31.02.2025')).toMatchObject({ invoiceNumber: null, amountGross: null, date: null, iban: null });
  });

  it('should parse German and English amount notations exactly', () => {
    expect(['1.234,56', '1234.56', '1 234,56', '0,99', '12,5'].map(parseLooseAmount)).toEqual(['1234.56', '1234.56', '1234.56', '0.99', null]);
  });
});

describe('entry features', () => {
  it('should learn a taxed bank payment as its expense and bank accounts with the tax code', () => {
    const entry = bankPayment({ description: 'Telekom Mobilfunk', gross: '119.00', expense: '4920', date: '2026-01-05' });

    expect(entryFeatures(entry)).toMatchObject({
      label: { debitAccount: '4920', creditAccount: '1200', taxCode: 'VSt19' },
      amount: '119.00',
      counterparty: 'telekom mobilfunk',
    });
  });

  it('should take the largest lines of a compound entry and have no label when both sides are one account', () => {
    const split = ledgerEntry({ lines: [debit('4930', '80.00'), debit('4910', '20.00'), credit('1600', '100.00')] });
    const same = ledgerEntry({ lines: [debit('1200', '5.00'), credit('1200', '5.00')] });

    expect(entryLabel(split)).toEqual({ debitAccount: '4930', creditAccount: '1600', taxCode: null });
    expect(entryLabel(same)).toBeUndefined();
  });
});
