import { POSTGRES_ENTRY, postgresDataDir } from '../paths.js';
import { isPostgresReadyMessage, type PostgresReadyMessage } from '../postgres/protocol.js';
import { type SupervisedProcess, type SupervisorOptions, superviseProcess } from '../supervisor/supervisor.js';
import { createDeferred } from './deferred.js';

/** The database the system runs on. */
export interface DatabaseInfo {
  readonly kind: 'external' | 'embedded';
  /** Admin URL; it contains the password, so it is never printed. */
  readonly url: string;
  /** Where the database is, safe to print: `127.0.0.1:54329/postgres`. */
  readonly label: string;
  /** For embedded PostgreSQL: true when a server left running by an earlier run was reused. */
  readonly adopted: boolean;
}

/** Describes a database given by URL. */
export function externalDatabase(url: string): DatabaseInfo {
  return { kind: 'external', url, label: labelOf(url), adopted: false };
}

/** A supervised embedded PostgreSQL and the database it serves once ready. */
export interface EmbeddedDatabase {
  readonly process: SupervisedProcess;
  readonly ready: Promise<DatabaseInfo>;
}

/**
 * Starts embedded PostgreSQL in its own supervised process (see `postgres/postgres-main.ts`), keeping the
 * cluster in `<dataDir>/postgres`. `ready` resolves when the server first accepts connections; a restarted
 * server announces itself again, which changes nothing because its URL stays the same.
 */
export function startEmbeddedDatabase(
  dataDir: string,
  port: number,
  env: Readonly<Record<string, string | undefined>>,
  supervisorOptions: SupervisorOptions,
): EmbeddedDatabase {
  const ready = createDeferred<PostgresReadyMessage>();
  const server = superviseProcess(
    {
      name: 'postgres',
      entry: POSTGRES_ENTRY,
      args: ['--data-dir', postgresDataDir(dataDir), '--port', String(port)],
      env,
      onMessage: (message) => {
        if (isPostgresReadyMessage(message)) ready.resolve(message);
      },
    },
    supervisorOptions,
  );
  const info = ready.promise.then((message) => ({ kind: 'embedded' as const, url: message.url, label: labelOf(message.url), adopted: message.adopted }));
  return { process: server, ready: info };
}

function labelOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return 'an unparseable DATABASE_URL';
  }
}
