import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '@erp/kit';
import { freePort } from '@erp/kit/testing';

/**
 * Runs `work` with the admin URL of a PostgreSQL server: the one in `configuredUrl` (DATABASE_URL), or an
 * embedded one in a temporary folder that is removed afterwards. Each figure creates its own database on it.
 */
export async function withDatabaseServer(configuredUrl: string | undefined, work: (adminUrl: string) => Promise<void>): Promise<void> {
  if (configuredUrl) return work(configuredUrl);
  const folder = await mkdtemp(join(tmpdir(), 'erp-bench-pg-'));
  // As root the server runs as the postgres user, which must be able to enter this folder.
  await chmod(folder, 0o755);
  let embedded: EmbeddedPostgresHandle | undefined;
  try {
    embedded = await startEmbeddedPostgres({ dataDir: join(folder, 'data'), port: await freePort() });
    await work(embedded.url);
  } finally {
    await embedded?.stop();
    await rm(folder, { recursive: true, force: true });
  }
}
