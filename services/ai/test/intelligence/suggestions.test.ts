import { describe, expect, it } from 'vitest';
import { isBankOrCashAccount } from '../../src/intelligence/ledger/chart.js';
import { entryFeatures, type LedgerEntry, labelKey } from '../../src/intelligence/ledger/ledger-entry.js';
import { observationOf } from '../../src/intelligence/suggestions/evidence.js';
import { createMemorySuggestionModel } from '../../src/intelligence/suggestions/memory-model.js';
import { lookupTokens, rankProposals } from '../../src/intelligence/suggestions/rank.js';
import { proposalReason } from '../../src/intelligence/suggestions/reasons.js';
import { prepareQuery, type SuggestionInput } from '../../src/intelligence/suggestions/suggestion-input.js';
import { bankPayment, credit, debit, ledgerEntry } from './ledger-fixtures.js';

const options = { limit: 3, isBankAccount: (account: string) => isBankOrCashAccount('skr03', account) };

function trained(entries: LedgerEntry[]) {
  const model = createMemorySuggestionModel();
  for (const entry of entries) {
    const observation = observationOf(entry, entryFeatures(entry));
    if (observation) model.learn(entry.id, entry.postingDate, observation);
  }
  return model;
}

function suggest(model: ReturnType<typeof createMemorySuggestionModel>, input: SuggestionInput) {
  const { query } = prepareQuery(input);
  return rankProposals(query, model.evidence(lookupTokens(query)), options);
}

const history = () => [
  ...['01', '02', '03', '04'].map((month) =>
    bankPayment({ description: `Telekom Deutschland Mobilfunk ${month}/2026`, gross: '119.00', expense: '4920', date: `2026-${month}-05` }),
  ),
  ...['01', '02', '03'].map((month) =>
    bankPayment({ description: `ARAL Tankstelle Diesel ${month}`, gross: '80.00', expense: '4530', date: `2026-${month}-12` }),
  ),
  ...['01', '02'].map((month) =>
    bankPayment({ description: `Hausverwaltung Meyer Miete Büro ${month}`, gross: '2850.00', expense: '4210', date: `2026-${month}-01`, taxCode: null }),
  ),
  ledgerEntry({ description: 'Becker GmbH Zahlung Rechnung 2026-0042', lines: [debit('1200', '5000.00'), credit('1400', '5000.00')] }),
];

const bank = (counterparty: string, purpose: string, amount: string): SuggestionInput => ({
  kind: 'bank_transaction',
  counterparty,
  purpose,
  amount,
  date: '2026-05-05',
});

describe('rankProposals', () => {
  it("should propose a known counterparty's usual pair first, with the similar entries behind it", () => {
    const model = trained(history());

    const [first] = suggest(model, bank('TELEKOM DEUTSCHLAND GMBH', 'Mobilfunk 05/2026', '-119.00'));

    expect(first?.label).toEqual({ debitAccount: '4920', creditAccount: '1200', taxCode: 'VSt19' });
    expect(first?.confidence).toBeGreaterThan(0.7);
    expect(first?.similarEntryIds).toHaveLength(4);
    expect(first?.matchedTokens.slice(0, 2)).toEqual(expect.arrayContaining(['telekom']));
  });

  it('should carry an unseen counterparty by the words of its text', () => {
    const model = trained(history());

    const [first] = suggest(model, bank('Shell Station 0815', 'Diesel Kartenzahlung', '-65.30'));

    expect(labelKey(first?.label ?? { debitAccount: '', creditAccount: '', taxCode: null })).toBe('4530|1200|VSt19');
  });

  it('should only propose pairs that post against the bank on the side the money moves', () => {
    const model = trained(history());

    const proposals = suggest(model, bank('Becker GmbH', 'Zahlung Rechnung 2026-0077', '5000.00'));

    expect(proposals.map((proposal) => proposal.label.debitAccount)).toEqual(['1200']);
  });

  it('should put the bank account of the transaction in place of the learned one', () => {
    const model = trained(history());

    const [first] = suggest(model, { ...bank('Telekom Deutschland', 'Mobilfunk', '-119.00'), bankAccount: '1210' } as SuggestionInput);

    expect(first?.label.creditAccount).toBe('1210');
  });

  it('should learn an accepted correction and count a rejection against the rejected pair', () => {
    const model = trained(history());
    const input = bank('Telekom Deutschland', 'Internet Glasfaser Anschluss', '-49.90');
    const { query } = prepareQuery(input);

    model.feedback({ label: '4920|1200|VSt19', tokens: query.tokens }, 'rejected');
    model.feedback({ label: '4925|1200|VSt19', tokens: query.tokens }, 'accepted', 'K100');
    model.feedback({ label: '4925|1200|VSt19', tokens: query.tokens }, 'accepted', 'K100');
    const [first] = suggest(model, input);

    expect(first?.label.debitAccount).toBe('4925');
    expect(first?.costCentre).toBe('K100');
  });

  it('should forget an unlearned entry', () => {
    const entries = history();
    const model = trained(entries);

    for (const entry of entries.slice(0, 4)) model.unlearn(entry.id);
    const proposals = suggest(model, bank('Telekom Deutschland', 'Mobilfunk', '-119.00'));

    expect(proposals.map((proposal) => proposal.label.debitAccount)).not.toContain('4920');
  });

  it('should propose nothing without history, and only low confidence for a text unlike any learned', () => {
    expect(suggest(createMemorySuggestionModel(), bank('Telekom', 'Mobilfunk', '-119.00'))).toEqual([]);

    const [first] = suggest(trained(history()), bank('Zyx Qwv', 'Plork Snarf', '-12.00'));

    expect(first?.confidence).toBeLessThan(0.4);
  });

  it('should propose an incoming invoice without bank accounts and read its free text', () => {
    const model = trained([
      ...history(),
      ledgerEntry({ description: 'Viking Rechnung 1', lines: [debit('4930', '100.00', { text: 'Toner Papier' }), credit('1600', '100.00')] }),
    ]);
    const prepared = prepareQuery({ kind: 'incoming_invoice', text: 'Staples GmbH\nRechnung Nr. 77\nToner schwarz\nGesamtbetrag 59,50 EUR' });

    const proposals = rankProposals(prepared.query, model.evidence(lookupTokens(prepared.query)), options);

    expect(prepared.amount).toBe('59.50');
    expect(proposals[0]?.label).toMatchObject({ debitAccount: '4930', creditAccount: '1600' });
    expect(proposals.every((proposal) => proposal.label.creditAccount !== '1200' && proposal.label.debitAccount !== '1200')).toBe(true);
  });
});

describe('proposalReason', () => {
  it('should say in German and English which words and entries a proposal rests on', () => {
    const [first] = suggest(trained(history()), bank('Telekom Deutschland', 'Mobilfunk', '-119.00'));
    if (!first) throw new Error('no proposal');

    expect(proposalReason(first, 'de')).toMatch(/^Gebucht wie 4 frühere Buchung\(en\) mit „telekom“/);
    expect(proposalReason(first, 'en')).toMatch(/^Posted like 4 earlier entr\(ies\) with "telekom"/);
  });
});
