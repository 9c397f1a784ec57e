import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** Encrypts and decrypts tenants' provider API keys at rest with AES-256-GCM. */
export interface KeyCipher {
  encrypt(plaintext: string): string;
  decrypt(sealed: string): string;
}

/**
 * The same scheme as the auth service's key encryption (a helper moves into the kit only when a third service
 * needs it): the AES key is derived from `secret` with HKDF-SHA256, never used directly, and the sealed form is
 * `v1.<iv>.<tag>.<ciphertext>`. `purpose` keeps keys of different uses apart.
 */
export function createKeyCipher(secret: string, purpose = 'provider-api-key'): KeyCipher {
  const key = Buffer.from(hkdfSync('sha256', secret, 'erp-ai', purpose, 32));
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    decrypt(sealed) {
      const [version, iv, tag, ciphertext] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('Sealed value has an unknown format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
