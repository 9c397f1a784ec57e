import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { InvalidEnvironmentError, parseEnv, serviceEnvProperties } from '@erp/kit';
import Type from 'typebox';
import { describe, expect, it } from 'vitest';

const Env = Type.Object(serviceEnvProperties(8006));
const database = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/erp' };

describe('parseEnv', () => {
  it('should apply defaults and convert numbers', () => {
    const parsed = parseEnv(Env, { ...database, PORT: '9000' });

    expect(parsed).toMatchObject({ PORT: 9000, HOST: '127.0.0.1', DB_POOL_MAX: 10, LOG_LEVEL: 'info' });
  });

  it('should name the variable and the value when a value is malformed', () => {
    expect(() => parseEnv(Env, { ...database, PORT: 'abc' })).toThrow(new InvalidEnvironmentError('Invalid environment: PORT=abc (must be integer)'));
  });

  it('should name a missing required variable', () => {
    expect(() => parseEnv(Env, {})).toThrow(/DATABASE_URL is missing/);
  });

  it('should refuse a port out of range', () => {
    expect(() => parseEnv(Env, { ...database, PORT: '70000' })).toThrow(/PORT=70000/);
  });
});

describe('a service started with a bad environment', () => {
  it('should stop with one clear line and exit code 1', () => {
    const main = fileURLToPath(new URL('../../../../services/finance/dist/main.js', import.meta.url));

    const result = spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH, DATABASE_URL: database.DATABASE_URL, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 20_000,
    });

    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('Invalid environment: PORT=eighty (must be integer)');
  });
});
