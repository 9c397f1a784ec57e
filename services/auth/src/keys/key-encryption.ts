import { createSecretCipher, type SecretCipher } from '@erp/kit';

/** Encrypts and decrypts private signing keys and TOTP secrets at rest. */
export type KeyCipher = SecretCipher;

/** The kit's cipher with the auth service's salt; `purpose` separates signing keys, TOTP secrets and SSO secrets. */
export function createKeyCipher(secret: string, purpose = 'signing-key-encryption'): KeyCipher {
  return createSecretCipher(secret, { salt: 'erp-auth', purpose });
}
