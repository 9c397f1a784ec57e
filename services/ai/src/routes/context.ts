import type { Kysely } from 'kysely';
import type { AiConfig } from '../config.js';
import type { AiDb } from '../db/schema.js';
import type { GatewayDeps } from '../gateway/gateway-deps.js';
import type { KeyCipher } from '../keys/key-encryption.js';

/** What every route plugin of the ai service receives as `{ context }`. */
export interface RouteContext {
  readonly db: Kysely<AiDb>;
  readonly config: AiConfig;
  readonly gateway: GatewayDeps;
  readonly cipher: KeyCipher;
}

export interface RouteOptions {
  context: RouteContext;
}
