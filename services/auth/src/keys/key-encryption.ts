import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** Encrypts and decrypts private signing keys at rest with AES-256-GCM. */
export interface KeyCipher {
  encrypt(plaintext: string): string;
  decrypt(sealed: string): string;
}

/**
 * Derives the AES key from `secret` with HKDF-SHA256, so the configured secret (or the default derived from
 * the database password) is never used directly as a key. The sealed form is `v1.<iv>.<tag>.<ciphertext>`.
 * `purpose` separates the keys of different uses (signing keys, TOTP secrets) derived from the one secret.
 */
export function createKeyCipher(secret: string, purpose = 'signing-key-encryption'): KeyCipher {
  const key = Buffer.from(hkdfSync('sha256', secret, 'erp-auth', purpose, 32));
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
