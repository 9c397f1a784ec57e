import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file is `packages/cli/dist/paths.js` (or `src/paths.ts`), three levels down. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The entry file that runs embedded PostgreSQL in its own process. */
export const POSTGRES_ENTRY = fileURLToPath(new URL('./postgres/postgres-main.js', import.meta.url));

/** The CLI's own entry, for starting `erp up` in the background. */
export const CLI_ENTRY = fileURLToPath(new URL('./main.js', import.meta.url));

/** The built entry of a service: `services/<name>/dist/main.js`. */
export function serviceEntry(root: string, name: string): string {
  return join(root, 'services', name, 'dist', 'main.js');
}

/** Where a running `erp up` describes itself, so that `erp status` and `erp down` can find it. */
export function stateFilePath(dataDir: string): string {
  return join(dataDir, 'erp-up.json');
}

/** Where `erp up --detach` writes the output of the system it starts in the background. */
export function logFilePath(dataDir: string): string {
  return join(dataDir, 'erp-up.log');
}

/** The cluster directory of the embedded PostgreSQL. */
export function postgresDataDir(dataDir: string): string {
  return join(dataDir, 'postgres');
}
