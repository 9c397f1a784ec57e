import { describe, expect, it } from 'vitest';
import { canonicalNumber, guardTerms } from '../../src/cache/guard-terms.js';
import { lexicalQueryText } from '../../src/cache/query-text.js';
import { bestMatch, cosineSimilarity } from '../../src/cache/semantic-match.js';

describe('canonicalNumber', () => {
  it.each([
    ['1.200,50', '1200.5'],
    ['1,200.50', '1200.5'],
    ['1200.5', '1200.5'],
    ['1.200', '1200'],
    ['100.00', '100'],
    ['0.125', '0.125'],
    ['12.345.678', '12345678'],
    ['1,5', '1.5'],
  ])('should read %s as %s', (text, number) => {
    expect(canonicalNumber(text)).toBe(number);
  });
});

describe('guardTerms', () => {
  it('should give the same terms to differently written dates and amounts', () => {
    expect(guardTerms('Balance on 2026-03-31 above 1.200,00 EUR')).toEqual(guardTerms('balance on 31 March 2026 over 1,200 euros'));
    expect(guardTerms('Saldo zum 31.03.2026')).toEqual(['date:2026-03-31']);
  });

  it('should tell apart what changes the answer: numbers, accounts, months, periods, status, side and negation', () => {
    const pairs = [
      ['balance of account 1200', 'balance of account 1800'],
      ['revenue in March 2026', 'revenue in April 2026'],
      ['forecast for the next 13 weeks', 'forecast for the next 13 months'],
      ['expenses this quarter', 'expenses last quarter'],
      ['unpaid invoices', 'paid invoices'],
      ['open receivables', 'open payables'],
      ['customers who paid', 'customers who have not paid'],
      ['invoices over 5000', 'invoices under 5000'],
      ['the largest payments', 'the smallest payments'],
      ['payments to Müller GmbH', 'payments to Müller AG'],
      ['chart SKR03', 'chart SKR04'],
      ['transfer to DE89 3704 0044 0532 0130 00', 'transfer to DE89 3704 0044 0532 0130 01'],
    ];
    for (const [left, right] of pairs) expect(guardTerms(left ?? ''), `${left} / ${right}`).not.toEqual(guardTerms(right ?? ''));
  });

  it('should fold synonyms of one meaning into one term', () => {
    expect(guardTerms('unpaid invoices')).toEqual(guardTerms('offene Rechnungen'));
    expect(guardTerms('outstanding bills')).toEqual(['st:open']);
    expect(guardTerms('the first quarter of 2026')).toEqual(guardTerms('Q1 2026'));
  });

  it('should not read words that only look like guarded ones as guarded', () => {
    expect(guardTerms('What happened over the next 13 weeks')).not.toContain('cmp:gt');
    expect(guardTerms('Show invoice No. 4711')).toEqual(['n:4711']);
    expect(guardTerms('Give me the last invoice')).toEqual([]);
    expect(guardTerms('the trial balance of fiscal year 2026')).toEqual(['n:2026']);
  });
});

describe('lexicalQueryText', () => {
  it('should keep the topic words, fold synonyms and split German compounds', () => {
    expect(lexicalQueryText('Please show me the unpaid bills')).toBe('st-open invoice');
    expect(lexicalQueryText('Zeig mir die offenen Rechnungen')).toBe('st-open invoice');
    expect(lexicalQueryText('Liquiditätsprognose')).toBe('liquidity forecast');
  });
});

describe('bestMatch', () => {
  const key = (vector: number[], guard: string[] = []) => ({ vector, guard });

  it('should take the most similar candidate above the threshold with equal guarded terms', () => {
    const candidates = [key([1, 0], ['n:1']), key([0.9, 0.1]), key([0.8, 0.6])];

    const match = bestMatch(key([1, 0]), candidates, 0.7);

    expect(match?.candidate).toBe(candidates[1]);
    expect(match?.similarity).toBeCloseTo(cosineSimilarity([1, 0], [0.9, 0.1]));
  });

  it('should match nothing below the threshold, with other guarded terms or without topic words', () => {
    expect(bestMatch(key([1, 0]), [key([0, 1])], 0.5)).toBeUndefined();
    expect(bestMatch(key([1, 0], ['n:2']), [key([1, 0], ['n:3'])], 0.5)).toBeUndefined();
    expect(bestMatch(key([0, 0]), [key([0, 0])], 0.5)).toBeUndefined();
  });
});
