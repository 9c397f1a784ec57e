import { createHash } from 'node:crypto';
import type { Digest } from '../domain/entry-seal.js';

/** SHA-256 as lowercase hex, the digest of the audit chain. */
export const sha256: Digest = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
