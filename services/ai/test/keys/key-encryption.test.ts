import { describe, expect, it } from 'vitest';
import { createKeyCipher } from '../../src/keys/key-encryption.js';

describe('createKeyCipher', () => {
  it('should seal a key so that only the same secret opens it, differently each time', () => {
    const cipher = createKeyCipher('a-secret-of-sixteen+');

    const sealed = cipher.encrypt('sk-live-123');

    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(cipher.encrypt('sk-live-123')).not.toBe(sealed);
    expect(cipher.decrypt(sealed)).toBe('sk-live-123');
    expect(() => createKeyCipher('another-secret-of-16').decrypt(sealed)).toThrow();
  });

  it('should refuse a tampered or unknown sealed value', () => {
    const cipher = createKeyCipher('a-secret-of-sixteen+');
    const [version, iv, tag, text] = cipher.encrypt('sk').split('.');

    expect(() => cipher.decrypt([version, iv, tag, `${text}A`].join('.'))).toThrow();
    expect(() => cipher.decrypt('v2.a.b.c')).toThrow(/unknown format/);
  });
});
