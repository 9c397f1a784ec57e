import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/grpc/circuit-breaker.js';

describe('createCircuitBreaker', () => {
  it('should allow calls until the failures in a row reach the threshold, then refuse until the cooldown is over', () => {
    const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 1000 });

    breaker.recordFailure(0);
    const afterOne = breaker.decide(10);
    breaker.recordFailure(10);
    const afterTwo = breaker.decide(20);

    expect(afterOne).toEqual({ allowed: true });
    expect(afterTwo).toEqual({ allowed: false, retryAt: new Date(1010) });
  });

  it('should count only failures in a row: a success in between starts over', () => {
    const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 1000 });

    breaker.recordFailure(0);
    breaker.recordSuccess();
    breaker.recordFailure(5);

    expect(breaker.decide(6)).toEqual({ allowed: true });
  });

  it('should let one probe through after the cooldown, and close on its success', () => {
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 100 });
    breaker.recordFailure(0);

    const probe = breaker.decide(150);
    const whileProbing = breaker.decide(151);
    breaker.recordSuccess();

    expect(probe).toEqual({ allowed: true });
    expect(whileProbing.allowed).toBe(false);
    expect(breaker.decide(152)).toEqual({ allowed: true });
  });

  it('should open again for a whole cooldown when the probe fails', () => {
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 100 });
    breaker.recordFailure(0);
    breaker.decide(150);

    breaker.recordFailure(160);

    expect(breaker.decide(200)).toEqual({ allowed: false, retryAt: new Date(260) });
    expect(breaker.decide(260)).toEqual({ allowed: true });
  });
});
