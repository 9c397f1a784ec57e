import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { connectServiceDb } from '@erp/kit';
import { createTestDatabase } from '@erp/kit/testing';
import { describe, expect, inject, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { ObserverDb } from '../src/db/schema.js';
import { migrationsFolder, observerFile, writeConfigFile } from './helpers.js';

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

describe('loadConfig', () => {
  it('should default to the repository’s observer_config.json, 48 h of raw samples and a 512 MB memory limit', () => {
    const config = loadConfig({ DATABASE_URL });

    expect(config.observerConfigPath).toBe(resolve(import.meta.dirname, '../../../observer_config.json'));
    expect(existsSync(config.observerConfigPath)).toBe(true);
    expect(config.retention.rawMs).toBe(48 * 3_600_000);
    expect(config.memoryLimitMb).toBe(512);
    expect(config.port).toBe(8010);
  });

  it('should take OBSERVER_CONFIG, OBSERVER_RETENTION_H and OBSERVER_MEMORY_LIMIT_MB, resolving a relative path', () => {
    const config = loadConfig({ DATABASE_URL, OBSERVER_CONFIG: 'conf/observer.json', OBSERVER_RETENTION_H: '6', OBSERVER_MEMORY_LIMIT_MB: '1024' });

    expect(config.observerConfigPath).toBe(resolve('conf/observer.json'));
    expect(config.retention.rawMs).toBe(6 * 3_600_000);
    expect(config.memoryLimitMb).toBe(1024);
  });
});

describe('buildApp', () => {
  it('should refuse to start with an invalid observer_config.json, naming the field', async () => {
    const database = await createTestDatabase(inject('adminUrl'));
    const file = await writeConfigFile({ ...observerFile(), services: { core: { url: 'ftp://x', critical_endpoints: ['GET /health'] } } });
    const db = await connectServiceDb<ObserverDb>({ adminUrl: database.adminUrl, service: 'observer', migrationsFolder });
    try {
      const config = loadConfig({ DATABASE_URL: database.adminUrl, LOG_LEVEL: 'silent', OBSERVER_CONFIG: file.path });

      await expect(buildApp({ config, db })).rejects.toThrow(/\/services\/core\/url must match pattern/);
    } finally {
      await db.close();
      await file.remove();
      await database.drop();
    }
  });
});
