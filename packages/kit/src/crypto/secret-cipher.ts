import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** Encrypts and decrypts secrets at rest (private keys, TOTP secrets, vendors' API keys) with AES-256-GCM. */
export interface SecretCipher {
  encrypt(plaintext: string): string;
  decrypt(sealed: string): string;
}

/** What the AES key is derived for: `salt` names the service, `purpose` the use, so keys of different uses differ. */
export interface SecretCipherOptions {
  readonly salt: string;
  readonly purpose: string;
}

/**
 * Derives the AES key from `secret` with HKDF-SHA256, so a configured secret is never used directly as a key.
 * The sealed form is `v1.<iv>.<tag>.<ciphertext>` (base64url parts); a tampered value fails to decrypt.
 *
 * ### Example
 * ```ts
 * const cipher = createSecretCipher(config.keySecret, { salt: 'erp-auth', purpose: 'totp-secret' });
 * const sealed = cipher.encrypt(secret); // store `sealed`; cipher.decrypt(sealed) === secret
 * ```
 */
export function createSecretCipher(secret: string, options: SecretCipherOptions): SecretCipher {
  const key = Buffer.from(hkdfSync('sha256', secret, options.salt, options.purpose, 32));
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
