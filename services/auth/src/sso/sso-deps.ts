import type { Kysely } from 'kysely';
import type { AuthConfig } from '../config.js';
import type { AuthDb } from '../db/schema.js';
import { type SsoDb, toSsoDb } from '../db/sso-schema.js';
import { createKeyCipher, type KeyCipher } from '../keys/key-encryption.js';
import { createOidcClients, type OidcClients } from './oidc-client.js';

/** What the SSO settings and login need besides the route context. */
export interface SsoDeps {
  readonly db: Kysely<SsoDb>;
  /** Seals the tenants' client secrets, under the same secret as the signing keys. */
  readonly cipher: KeyCipher;
  readonly oidc: OidcClients;
}

export function createSsoDeps(config: AuthConfig, db: Kysely<AuthDb>): SsoDeps {
  return {
    db: toSsoDb(db),
    cipher: createKeyCipher(config.keySecret, 'sso-client-secret-encryption'),
    oidc: createOidcClients({ allowHttp: config.ssoAllowHttp }),
  };
}
