import { createSecretCipher, type SecretCipher } from '@erp/kit';

/** Encrypts and decrypts tenants' provider API keys at rest. */
export type KeyCipher = SecretCipher;

/** The kit's cipher with the ai service's salt; `purpose` keeps keys of different uses apart. */
export function createKeyCipher(secret: string, purpose = 'provider-api-key'): KeyCipher {
  return createSecretCipher(secret, { salt: 'erp-ai', purpose });
}
