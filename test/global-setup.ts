import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '@erp/kit';
import { freePort } from '@erp/kit/testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server the tests use; each test file creates its own database on it. */
    adminUrl: string;
    /** Redis URL, or '' when none is configured (outside CI only). */
    redisUrl: string;
    /** RabbitMQ URL, or '' when none is configured (outside CI only). */
    amqpUrl: string;
  }
}

/**
 * Chooses the servers the tests run against: the ones named by TEST_DATABASE_URL, REDIS_URL and AMQP_URL,
 * or, outside CI, an embedded PostgreSQL in a temporary folder. Under CI=true a missing one is an error.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const ci = process.env.CI === 'true';
  if (ci) {
    const missing = ['TEST_DATABASE_URL', 'REDIS_URL', 'AMQP_URL'].filter((name) => !process.env[name]);
    if (missing.length > 0) throw new Error(`CI=true requires real servers, but ${missing.join(', ')} is not set`);
  }
  let embedded: EmbeddedPostgresHandle | undefined;
  let folder: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    folder = await mkdtemp(join(tmpdir(), 'erp-test-pg-'));
    // The server runs as the postgres system user when we are root; it must be able to enter the folder.
    await chmod(folder, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: join(folder, 'data'), port: await freePort() });
    adminUrl = embedded.url;
  }
  project.provide('adminUrl', adminUrl);
  project.provide('redisUrl', process.env.REDIS_URL ?? '');
  project.provide('amqpUrl', process.env.AMQP_URL ?? '');
  return async () => {
    await embedded?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  };
}
