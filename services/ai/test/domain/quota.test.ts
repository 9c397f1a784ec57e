import { describe, expect, it } from 'vitest';
import { budgetMonth, effectiveLimits, exceededLimit, hasLimits, minuteWindowStartMs, retryAfterS } from '../../src/domain/quota.js';

const empty = { requests: 0, tokens: 0, spentNanoEur: 0, reservedNanoEur: 0 };

describe('the quota rules', () => {
  it('should take the stricter of the operator and tenant limit for each, an absent one being no limit', () => {
    expect(effectiveLimits({ requestsPerMinute: 100, monthlyBudgetNanoEur: 5 }, { requestsPerMinute: 10, tokensPerMinute: 1000 })).toEqual({
      requestsPerMinute: 10,
      tokensPerMinute: 1000,
      monthlyBudgetNanoEur: 5,
    });
    expect(hasLimits({})).toBe(false);
  });

  it('should name the first limit a request would exceed', () => {
    const limits = { requestsPerMinute: 2, tokensPerMinute: 100, monthlyBudgetNanoEur: 1000 };

    expect(exceededLimit(limits, { ...empty, requests: 2 }, 1, 1)).toBe('requests_per_minute');
    expect(exceededLimit(limits, { ...empty, tokens: 90 }, 11, 1)).toBe('tokens_per_minute');
    expect(exceededLimit(limits, { ...empty, spentNanoEur: 600, reservedNanoEur: 300 }, 1, 101)).toBe('monthly_budget');
    expect(exceededLimit(limits, { ...empty, spentNanoEur: 600, reservedNanoEur: 300 }, 1, 100)).toBeUndefined();
  });

  it('should let a free request pass a spent budget', () => {
    expect(exceededLimit({ monthlyBudgetNanoEur: 10 }, { ...empty, spentNanoEur: 11 }, 5, 0)).toBeUndefined();
  });

  it('should place requests in calendar minutes and months of UTC', () => {
    const at = Date.parse('2026-03-31T23:59:45.500Z');

    expect(new Date(minuteWindowStartMs(at)).toISOString()).toBe('2026-03-31T23:59:00.000Z');
    expect(budgetMonth(at)).toBe('2026-03');
  });

  it('should ask to retry at the next minute, or at the next month for the budget', () => {
    const at = Date.parse('2026-03-31T23:59:45.500Z');

    expect(retryAfterS('requests_per_minute', at)).toBe(15);
    expect(retryAfterS('monthly_budget', at)).toBe(15);
    expect(retryAfterS('monthly_budget', Date.parse('2026-03-01T00:00:00Z'))).toBe(31 * 86_400);
  });
});
