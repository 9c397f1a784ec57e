import { randomUUID } from 'node:crypto';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { AuthDb } from '../db/schema.js';
import { findCurrentKey, findPublishedKeys, insertKey, lockSigningKeys, retireCurrentKeys, type SigningKeyRow } from '../db/signing-keys.js';
import type { KeyCipher } from './key-encryption.js';

export const SIGNING_ALGORITHM = 'EdDSA';

/** A public Ed25519 key of the JWKS document. */
export interface PublicJwk {
  kid: string;
  kty: string;
  crv: string;
  x: string;
  alg: string;
  use: 'sig';
}

/** The signing keys, kept in `signing_key` so that every instance signs and verifies with the same ones. */
export interface KeyStore {
  /** Creates the first key if there is none, and proves the current one decrypts (at start). */
  ensureCurrentKey(): Promise<void>;
  /** The key to sign with now. */
  signingKey(): Promise<{ kid: string; key: CryptoKey }>;
  /** The public key of `kid` if it may still verify tokens, else undefined. */
  verificationKey(kid: string): Promise<CryptoKey | undefined>;
  publishedKeys(): Promise<PublicJwk[]>;
  /** Makes a new current key; the previous ones keep verifying for `graceMs`. Returns the new kid. */
  rotate(graceMs: number): Promise<string>;
}

async function newKeyRow(cipher: KeyCipher): Promise<Omit<SigningKeyRow, 'created_at' | 'retires_at'>> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const kid = randomUUID();
  return {
    kid,
    algorithm: SIGNING_ALGORITHM,
    public_jwk: { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALGORITHM, use: 'sig' },
    private_jwk: cipher.encrypt(JSON.stringify(await exportJWK(privateKey))),
  };
}

async function importKey(jwk: JWK, algorithm: string): Promise<CryptoKey> {
  return (await importJWK(jwk, algorithm)) as CryptoKey;
}

/** Builds the key store over `db`; private keys are decrypted with `cipher` only when signing. */
export function createKeyStore(db: Kysely<AuthDb>, cipher: KeyCipher): KeyStore {
  const privateKeys = new Map<string, Promise<CryptoKey>>();
  const publicKeys = new Map<string, Promise<CryptoKey>>();
  const addKey = async (graceMs: number | undefined): Promise<string> => {
    const row = await newKeyRow(cipher);
    await db.transaction().execute(async (trx) => {
      await lockSigningKeys(trx);
      if (graceMs === undefined && (await findCurrentKey(trx))) return;
      const now = new Date();
      if (graceMs !== undefined) await retireCurrentKeys(trx, new Date(now.getTime() + graceMs));
      await insertKey(trx, row, now);
    });
    return row.kid;
  };
  const store: KeyStore = {
    ensureCurrentKey: async () => {
      if (!(await findCurrentKey(db))) await addKey(undefined);
      // A changed secret would otherwise surface only as failing logins; stop the start with the reason instead.
      await store.signingKey().catch(() => {
        throw new Error(
          'The current signing key cannot be decrypted: AUTH_KEY_SECRET (or the database password it defaults to) differs from when the key was made. Restore it, or rotate keys with the old secret first.',
        );
      });
    },
    signingKey: async () => {
      const row = await findCurrentKey(db);
      if (!row) throw new Error('No current signing key; ensureCurrentKey must run at start');
      let key = privateKeys.get(row.kid);
      if (!key) {
        key = importKey(JSON.parse(cipher.decrypt(row.private_jwk)) as JWK, row.algorithm);
        privateKeys.set(row.kid, key);
      }
      return { kid: row.kid, key: await key };
    },
    verificationKey: async (kid) => {
      // Looked up every time rather than cached forever: a retired key must stop verifying once it is past.
      const row = (await findPublishedKeys(db, new Date())).find((candidate) => candidate.kid === kid);
      if (!row) return undefined;
      let key = publicKeys.get(kid);
      if (!key) {
        key = importKey(row.public_jwk as JWK, row.algorithm);
        publicKeys.set(kid, key);
      }
      return key;
    },
    publishedKeys: async () => (await findPublishedKeys(db, new Date())).map((row) => row.public_jwk as unknown as PublicJwk),
    rotate: (graceMs) => addKey(graceMs),
  };
  return store;
}
