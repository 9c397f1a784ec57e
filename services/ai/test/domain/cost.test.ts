import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { callCostEur, formatEur, nanoEurToEur, toNanoEur } from '../../src/domain/cost.js';
import { estimatePromptTokens, estimateTextTokens } from '../../src/domain/token-estimate.js';

describe('the cost of a call', () => {
  it('should be exact: tokens times the price per million, without binary rounding', () => {
    const cost = callCostEur({ inputEurPerMillion: '0.15', outputEurPerMillion: '0.6' }, { inputTokens: 1_234_567, outputTokens: 89 });

    expect(cost.toFixed()).toBe('0.18523845');
  });

  it('should count budget units as whole nano-euros, rounded up', () => {
    expect(toNanoEur(new Decimal('0.000000001'))).toBe(1);
    expect(toNanoEur(new Decimal('0.0000000011'))).toBe(2);
    expect(toNanoEur(new Decimal('12.5'))).toBe(12_500_000_000);
    expect(nanoEurToEur(12_500_000_001)).toBe('12.500000001');
  });

  it('should format amounts as plain decimal strings', () => {
    expect(formatEur('0.000150000000')).toBe('0.00015');
    expect(formatEur(new Decimal('1e-12'))).toBe('0.000000000001');
  });
});

describe('the token estimate', () => {
  it('should count about three characters per token and a fixed overhead per message', () => {
    expect(estimateTextTokens('abcdefg')).toBe(3);
    expect(estimatePromptTokens([{ content: 'abc' }, { content: '' }])).toBe(9);
  });
});
