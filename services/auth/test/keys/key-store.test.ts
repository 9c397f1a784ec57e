import { connectServiceDb } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuthDb } from '../../src/db/schema.js';
import { createKeyCipher } from '../../src/keys/key-encryption.js';
import { createKeyStore } from '../../src/keys/key-store.js';
import { buildTestApp, migrationsFolder, type TestAuth } from '../helpers.js';

let auth: TestAuth;
beforeAll(async () => {
  auth = await buildTestApp(inject('adminUrl'));
});
afterAll(() => auth.close());

describe('createKeyCipher', () => {
  it('should decrypt what it encrypted and refuse a sealed key under another secret or tampered', () => {
    const cipher = createKeyCipher('first-secret-0123456789');
    const sealed = cipher.encrypt('{"d":"secret"}');

    expect(cipher.decrypt(sealed)).toBe('{"d":"secret"}');
    expect(() => createKeyCipher('other-secret-0123456789').decrypt(sealed)).toThrow();
    expect(() => cipher.decrypt(`${sealed.slice(0, -2)}AA`)).toThrow();
  });
});

describe('createKeyStore', () => {
  it('should let a second instance on the same database sign with the same key instead of making its own', async () => {
    const db = await connectServiceDb<AuthDb>({ adminUrl: auth.database.adminUrl, service: 'auth', migrationsFolder });
    const first = createKeyStore(auth.db.kysely, createKeyCipher('test-secret-of-sufficient-length'));
    const second = createKeyStore(db.kysely, createKeyCipher('test-secret-of-sufficient-length'));

    await Promise.all([first.ensureCurrentKey(), second.ensureCurrentKey()]);

    expect((await second.signingKey()).kid).toBe((await first.signingKey()).kid);
    expect(await second.publishedKeys()).toHaveLength(1);
    await db.close();
  });

  it('should refuse to start with a key secret that does not decrypt the current key', async () => {
    const wrong = createKeyStore(auth.db.kysely, createKeyCipher('a-different-secret-entirely'));

    await expect(wrong.ensureCurrentKey()).rejects.toThrow(/AUTH_KEY_SECRET/);
    await expect(wrong.signingKey()).rejects.toThrow();
  });
});
