import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

/** SHA-256 of the bytes as lowercase hex: the name of their file. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What reading a file found: its bytes when they still hash to their name. */
export type StoredContent = { status: 'ok'; bytes: Buffer } | { status: 'missing' } | { status: 'corrupted'; actualSha256: string };

/**
 * The files of the documents, content-addressed: `<dir>/<first two hex digits>/<sha256>`, holding the bytes
 * exactly as uploaded. Callers serialise the work on one hash with the database's content lock.
 */
export interface DocumentStore {
  readonly dir: string;
  /** Makes sure the file of `sha256` holds `bytes`: written when missing, rewritten when altered, else left alone. */
  put(sha256: string, bytes: Buffer): Promise<'written' | 'present' | 'repaired'>;
  read(sha256: string): Promise<StoredContent>;
  /** Removes the file; nothing happens when it is gone already. */
  remove(sha256: string): Promise<void>;
}

function pathOf(dir: string, sha256: string): { folder: string; file: string } {
  // The hash comes from the database or from hashing; this keeps any other string from becoming a path.
  if (!SHA256.test(sha256)) throw new Error(`Not a SHA-256: ${sha256.slice(0, 80)}`);
  const folder = join(dir, sha256.slice(0, 2));
  return { folder, file: join(folder, sha256) };
}

// Makes a rename durable. Some file systems refuse to open or sync a directory; the rename has happened then
// all the same, only its survival of a power cut is up to the file system.
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined);
  try {
    await handle?.sync();
  } catch {
    // See above: durability of the directory entry is best effort.
  } finally {
    await handle?.close();
  }
}

/** Writes to a temporary file beside the target, syncs it and renames it over the target: never half a file. */
async function writeAtomically(folder: string, file: string, bytes: Buffer): Promise<void> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temporary = join(folder, `.${randomUUID()}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

async function readIfPresent(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A {@link DocumentStore} on the local file system under `dir`. */
export function createDocumentStore(dir: string): DocumentStore {
  return {
    dir,
    async put(sha256, bytes) {
      if (sha256Of(bytes) !== sha256) throw new Error('The bytes to store do not hash to the name they are stored under');
      const { folder, file } = pathOf(dir, sha256);
      const existing = await readIfPresent(file);
      if (existing && sha256Of(existing) === sha256) return 'present';
      await writeAtomically(folder, file, bytes);
      return existing ? 'repaired' : 'written';
    },
    async read(sha256) {
      const bytes = await readIfPresent(pathOf(dir, sha256).file);
      if (!bytes) return { status: 'missing' };
      const actualSha256 = sha256Of(bytes);
      return actualSha256 === sha256 ? { status: 'ok', bytes } : { status: 'corrupted', actualSha256 };
    },
    async remove(sha256) {
      await rm(pathOf(dir, sha256).file, { force: true });
    },
  };
}
