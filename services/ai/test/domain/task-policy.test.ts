import { describe, expect, it } from 'vitest';
import { nextLatencyEwma } from '../../src/domain/latency-ewma.js';
import { applyRoutingHints, DEFAULT_TASK_POLICY, resolveTaskPolicy, type TaskPolicy } from '../../src/domain/task-policy.js';

const with_ = (overrides: Partial<TaskPolicy>): TaskPolicy => ({ ...DEFAULT_TASK_POLICY, ...overrides });

describe('resolveTaskPolicy', () => {
  it('should prefer the tenant task policy, then the tenant default, then the operator task policy, then the operator default', () => {
    const tenantTask = with_({ cacheTtlS: 1 });
    const tenantDefault = with_({ cacheTtlS: 2 });
    const operatorTask = with_({ cacheTtlS: 3 });
    const operatorDefault = with_({ cacheTtlS: 4 });

    expect(
      resolveTaskPolicy(
        'x',
        new Map([
          ['x', tenantTask],
          ['default', tenantDefault],
        ]),
        new Map([['x', operatorTask]]),
      ),
    ).toBe(tenantTask);
    expect(resolveTaskPolicy('x', new Map([['default', tenantDefault]]), new Map([['x', operatorTask]]))).toBe(tenantDefault);
    expect(
      resolveTaskPolicy(
        'x',
        new Map(),
        new Map([
          ['x', operatorTask],
          ['default', operatorDefault],
        ]),
      ),
    ).toBe(operatorTask);
    expect(resolveTaskPolicy('y', new Map(), new Map([['default', operatorDefault]]))).toBe(operatorDefault);
    expect(resolveTaskPolicy('y', new Map(), new Map())).toBe(DEFAULT_TASK_POLICY);
  });
});

describe('applyRoutingHints', () => {
  it('should pin a model the request names and keep the rest of the policy', () => {
    expect(applyRoutingHints(DEFAULT_TASK_POLICY, { model: 'openai/gpt-4o-mini' })).toMatchObject({
      strategy: 'pinned',
      model: 'openai/gpt-4o-mini',
      cacheTtlS: 3600,
    });
  });

  it('should take the strategy and fallback the request names', () => {
    expect(applyRoutingHints(DEFAULT_TASK_POLICY, { strategy: 'fastest', fallback: false })).toMatchObject({ strategy: 'fastest', fallback: false });
  });
});

describe('nextLatencyEwma', () => {
  it('should take the first sample as is and then move a fifth of the way to each new sample', () => {
    expect(nextLatencyEwma(undefined, 100)).toBe(100);
    expect(nextLatencyEwma(100, 200)).toBe(120);
  });
});
