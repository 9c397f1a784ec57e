import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const base = { DATABASE_URL: 'postgres://postgres:admin-pw@127.0.0.1:5432/erp' };

describe('loadConfig: the gRPC server', () => {
  it('should listen on 9003 by default with a 1 MiB message limit', () => {
    expect(loadConfig(base).grpc).toEqual({ port: 9003, maxMessageBytes: 1_048_576, maxConcurrentCalls: 64, callTimeoutMs: 30_000, shutdownGraceMs: 5000 });
  });

  it.each(['0', 'off'])('should run no gRPC server for AI_GRPC_PORT=%s', (value) => {
    expect(loadConfig({ ...base, AI_GRPC_PORT: value }).grpc.port).toBeUndefined();
  });

  it('should take the port erp up derives from the HTTP port', () => {
    expect(loadConfig({ ...base, PORT: '18003', AI_GRPC_PORT: '19003' })).toMatchObject({ port: 18003, grpc: { port: 19003 } });
  });
});
