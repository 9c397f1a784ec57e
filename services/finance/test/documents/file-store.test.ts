import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { withTenant } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { releaseContent } from '../../src/documents/documents.js';
import { createDocumentStore, type DocumentStore, sha256Of } from '../../src/documents/file-store.js';
import { buildTestApp, readyTenant, type TestFinance } from '../helpers.js';
import { documentsDirOf, filePath, pdf, uploaded } from '../routes/document-helpers.js';

let dir: string;
let store: DocumentStore;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'erp-finance-store-'));
  store = createDocumentStore(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('createDocumentStore', () => {
  it('should write the bytes under <aa>/<sha256>, leave no temporary file, and report a second put as present', async () => {
    const bytes = pdf();
    const sha256 = sha256Of(bytes);

    const first = await store.put(sha256, bytes);
    const second = await store.put(sha256, bytes);

    expect([first, second]).toEqual(['written', 'present']);
    expect(await readdir(join(dir, sha256.slice(0, 2)))).toEqual([sha256]);
    expect(await store.read(sha256)).toEqual({ status: 'ok', bytes });
  });

  it('should find altered and missing files, and repair an altered one from the right bytes', async () => {
    const bytes = pdf();
    const sha256 = sha256Of(bytes);
    await store.put(sha256, bytes);
    await writeFile(join(dir, sha256.slice(0, 2), sha256), 'altered');

    const altered = await store.read(sha256);
    const repaired = await store.put(sha256, bytes);
    await store.remove(sha256);

    expect(altered).toEqual({ status: 'corrupted', actualSha256: sha256Of(Buffer.from('altered')) });
    expect(repaired).toBe('repaired');
    expect(await store.read(sha256)).toEqual({ status: 'missing' });
  });

  it('should refuse bytes that do not hash to their name, and any name that is no SHA-256', async () => {
    const bytes = pdf();

    await expect(store.put(sha256Of(pdf()), bytes)).rejects.toThrow(/do not hash/);
    await expect(store.read('../../etc/passwd')).rejects.toThrow(/Not a SHA-256/);
    await expect(store.remove(`${'a'.repeat(63)}/`)).rejects.toThrow(/Not a SHA-256/);
  });
});

describe('releaseContent', () => {
  let finance: TestFinance;
  beforeAll(async () => {
    finance = await buildTestApp(inject('adminUrl'));
  });
  afterAll(() => finance.close());

  it('should remove a file no record names (what a failed upload leaves) and keep one a record names', async () => {
    const appStore = createDocumentStore(documentsDirOf(finance));
    const orphan = pdf();
    await appStore.put(sha256Of(orphan), orphan);
    const kept = await uploaded(await readyTenant(finance));

    const removed = await releaseContent(finance.db.kysely, appStore, sha256Of(orphan));
    const stays = await releaseContent(finance.db.kysely, appStore, kept.sha256);

    expect([removed, stays]).toEqual([true, false]);
    expect((await appStore.read(sha256Of(orphan))).status).toBe('missing');
    expect((await readFile(filePath(finance, kept.sha256))).length).toBe(kept.size_bytes);
  });

  it("should hide one tenant's records from another tenant's transaction (row-level security)", async () => {
    const tenant = await readyTenant(finance);
    const document = await uploaded(tenant);

    const visible = await withTenant(finance.db.kysely, '00000000-0000-4000-8000-000000000001', (trx) =>
      trx.selectFrom('document').select('id').where('sha256', '=', document.sha256).execute(),
    );

    expect(visible).toEqual([]);
  });
});

describe('the documents settings', () => {
  it('should keep documents under .data/finance-documents at the repository root, at most 20 MiB, unless told otherwise', () => {
    const defaults = loadConfig({ DATABASE_URL: 'postgres://db/erp' });
    const chosen = loadConfig({ DATABASE_URL: 'postgres://db/erp', FINANCE_DOCUMENTS_DIR: 'var/docs', FINANCE_DOCUMENTS_MAX_BYTES: '4096' });

    expect(defaults.documentsDir).toBe(resolve(import.meta.dirname, '../../../../.data/finance-documents'));
    expect(defaults.documentsMaxBytes).toBe(20_971_520);
    expect([chosen.documentsDir, chosen.documentsMaxBytes]).toEqual([resolve('var/docs'), 4096]);
  });
});
