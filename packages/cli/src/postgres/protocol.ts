/** The message the embedded PostgreSQL process sends to its parent once the server accepts connections. */
export interface PostgresReadyMessage {
  readonly type: 'ready';
  /** Admin URL (user `postgres`) of the `postgres` database. */
  readonly url: string;
  readonly port: number;
  /** True when a server left running by an earlier run was reused instead of starting a new one. */
  readonly adopted: boolean;
}

/** Narrows an IPC message from the PostgreSQL process. */
export function isPostgresReadyMessage(message: unknown): message is PostgresReadyMessage {
  if (typeof message !== 'object' || message === null) return false;
  const candidate = message as Record<string, unknown>;
  return candidate.type === 'ready' && typeof candidate.url === 'string' && typeof candidate.port === 'number';
}
