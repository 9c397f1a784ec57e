import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/erp' };

describe('loadConfig: the ai client', () => {
  it("should reach ai's gRPC server on loopback 9003 with a 3 s deadline by default", () => {
    expect(loadConfig(base).ai).toEqual({ address: '127.0.0.1:9003', timeoutMs: 3000, breakerFailures: 3, breakerCooldownMs: 10_000 });
  });

  it('should take host:port, an IPv6 address in brackets, or off', () => {
    expect(loadConfig({ ...base, AI_GRPC_URL: 'ai.internal:19003' }).ai.address).toBe('ai.internal:19003');
    expect(loadConfig({ ...base, AI_GRPC_URL: '[::1]:9003' }).ai.address).toBe('[::1]:9003');
    expect(loadConfig({ ...base, AI_GRPC_URL: 'off' }).ai.address).toBeUndefined();
  });
});
