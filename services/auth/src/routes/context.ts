import type { Kysely } from 'kysely';
import type { AuthConfig } from '../config.js';
import type { AuthDb } from '../db/schema.js';
import type { KeyStore } from '../keys/key-store.js';
import type { SessionSettings } from '../session.js';

/** What every route plugin of the auth service receives as `{ context }`. */
export interface RouteContext {
  readonly db: Kysely<AuthDb>;
  readonly config: AuthConfig;
  readonly keys: KeyStore;
  readonly session: SessionSettings;
}

export interface RouteOptions {
  context: RouteContext;
}
