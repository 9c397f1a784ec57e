import { access } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { countRows, sqlError } from '../sql.js';
import { filePath, pdf, upload, uploaded } from './document-helpers.js';

let finance: TestFinance;
let client: Client;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance);
});
afterAll(() => finance.close());

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );
const link = (documentId: string, entryId: string, headers?: Record<string, string>) =>
  client.post(`${FINANCE}/documents/${documentId}/links`, { entry_id: entryId }, headers);
const draft = async () => (await client.post(`${FINANCE}/transactions`, entryInput({ status: 'draft' }))).json();

describe('POST /api/v1/finance/documents/:id/links', () => {
  it('should link a document to a posted entry and a draft, answer 200 for a link that exists, and list by entry', async () => {
    const document = await uploaded(client);
    const posted = await postEntry(client);
    const kept = await draft();

    const first = await link(document.id, posted.id);
    const second = await link(document.id, kept.id);
    const repeated = await link(document.id, posted.id);
    const byEntry = (await client.get(`${FINANCE}/documents?entry_id=${posted.id}`)).json();

    expect(first.statusCode).toBe(201);
    expect(second.json().links.map((item: { entry_id: string; entry_status: string }) => [item.entry_id, item.entry_status])).toEqual([
      [posted.id, 'posted'],
      [kept.id, 'draft'],
    ]);
    expect([repeated.statusCode, repeated.json().links]).toEqual([200, second.json().links]);
    expect(byEntry.items.map((item: { id: string }) => item.id)).toEqual([document.id]);
  });

  it('should answer 404 for an entry or document that does not exist, and 400 for a malformed body', async () => {
    const document = await uploaded(client);
    const links = await countRows(finance, 'document_link', client.tenantId);

    const noEntry = await link(document.id, '00000000-0000-4000-8000-000000000000');
    const noDocument = await link('00000000-0000-4000-8000-000000000000', (await postEntry(client)).id);
    const malformed = await client.post(`${FINANCE}/documents/${document.id}/links`, { entry_id: 'x', extra: 1 });

    expect([noEntry.statusCode, noEntry.json().code]).toEqual([404, 'FIN_ENTRY_NOT_FOUND']);
    expect([noDocument.statusCode, noDocument.json().code]).toEqual([404, 'FIN_DOCUMENT_NOT_FOUND']);
    expect([malformed.statusCode, malformed.json().code]).toEqual([400, 'KIT_VALIDATION_FAILED']);
    expect(await countRows(finance, 'document_link', client.tenantId)).toBe(links);
  });

  it("should not link to another tenant's entry", async () => {
    const other = await readyTenant(finance);
    const foreignEntry = await postEntry(other);
    const document = await uploaded(client);

    const response = await link(document.id, foreignEntry.id);

    expect([response.statusCode, response.json().code]).toEqual([404, 'FIN_ENTRY_NOT_FOUND']);
  });
});

describe('unlinking and deleting (Belegprinzip)', () => {
  it('should unlink a draft, but keep the link to a posted entry with 409', async () => {
    const document = await uploaded(client);
    const posted = await postEntry(client);
    const kept = await draft();
    await link(document.id, posted.id);
    await link(document.id, kept.id);

    const fromDraft = await client.request('DELETE', `${FINANCE}/documents/${document.id}/links/${kept.id}`);
    const fromPosted = await client.request('DELETE', `${FINANCE}/documents/${document.id}/links/${posted.id}`);
    const absent = await client.request('DELETE', `${FINANCE}/documents/${document.id}/links/${kept.id}`);

    expect(fromDraft.statusCode).toBe(204);
    expect([fromPosted.statusCode, fromPosted.json().code]).toEqual([409, 'FIN_DOCUMENT_LINKED']);
    expect([absent.statusCode, absent.json().code]).toEqual([404, 'FIN_DOCUMENT_LINK_NOT_FOUND']);
  });

  it('should refuse to delete a document a posted entry rests on, also once its draft was posted later', async () => {
    const document = await uploaded(client);
    const later = await draft();
    await link(document.id, later.id);
    await client.post(`${FINANCE}/transactions/${later.id}/post`);

    const response = await client.request('DELETE', `${FINANCE}/documents/${document.id}`);

    expect([response.statusCode, response.json().code]).toEqual([409, 'FIN_DOCUMENT_LINKED']);
    expect(response.json().detail).toContain(later.id);
    expect(await exists(filePath(finance, document.sha256))).toBe(true);
  });

  it('should delete a document linked only to drafts, with its links, and its file once no record names the bytes', async () => {
    const bytes = pdf();
    const first = await uploaded(client, bytes);
    const second = await uploaded(client, bytes);
    await link(first.id, (await draft()).id);

    const deleted = await client.request('DELETE', `${FINANCE}/documents/${first.id}`);
    const fileAfterFirst = await exists(filePath(finance, first.sha256));
    await client.request('DELETE', `${FINANCE}/documents/${second.id}`);

    expect(deleted.statusCode).toBe(204);
    expect((await client.get(`${FINANCE}/documents/${first.id}`)).statusCode).toBe(404);
    expect(fileAfterFirst).toBe(true);
    expect(await exists(filePath(finance, first.sha256))).toBe(false);
  });

  it("should keep the file while another tenant's record names the same bytes", async () => {
    const other = await readyTenant(finance);
    const bytes = pdf();
    const mine = await uploaded(client, bytes);
    await uploaded(other, bytes);

    await client.request('DELETE', `${FINANCE}/documents/${mine.id}`);

    expect(await exists(filePath(finance, mine.sha256))).toBe(true);
  });

  it('should drop the links of a draft that is deleted', async () => {
    const document = await uploaded(client);
    const gone = await draft();
    await link(document.id, gone.id);

    await client.request('DELETE', `${FINANCE}/transactions/${gone.id}`);

    expect((await client.get(`${FINANCE}/documents/${document.id}`)).json().links).toEqual([]);
  });

  it('should enforce the same in the database: no delete of a document or link of a posted entry, no change of a record', async () => {
    const document = await uploaded(client);
    const posted = await postEntry(client);
    await link(document.id, posted.id);

    const answers = await Promise.all([
      sqlError(finance, 'runtime', `delete from document where id = '${document.id}'`, client.tenantId),
      sqlError(finance, 'runtime', `delete from document_link where document_id = '${document.id}'`, client.tenantId),
      sqlError(finance, 'runtime', `update document set note = 'x' where id = '${document.id}'`, client.tenantId),
      sqlError(finance, 'owner', `update document set sha256 = repeat('0', 64) where id = '${document.id}'`, client.tenantId),
    ]);

    expect(answers.map((answer) => answer.code)).toEqual(['FN013', 'FN013', '42501', 'FN006']);
  });
});

describe('Idempotency-Key on documents', () => {
  it('should replay an upload and a link for the same key, and refuse the key for other bytes', async () => {
    const bytes = pdf();
    const key = { 'idempotency-key': `upload-${bytes.length}-${Date.now()}` };
    const posted = await postEntry(client);

    const first = await upload(client, bytes, 'application/pdf', 'type=receipt', key);
    const replay = await upload(client, bytes, 'application/pdf', 'type=receipt', key);
    const otherBytes = await upload(client, pdf(), 'application/pdf', 'type=receipt', key);
    const linked = await link(first.json().id, posted.id, { 'idempotency-key': `link-${first.json().id}` });
    const relinked = await link(first.json().id, posted.id, { 'idempotency-key': `link-${first.json().id}` });

    expect([replay.statusCode, replay.json(), replay.headers['idempotent-replayed']]).toEqual([201, first.json(), 'true']);
    expect([otherBytes.statusCode, otherBytes.json().code]).toEqual([422, 'KIT_IDEMPOTENCY_KEY_REUSED']);
    expect((await client.get(`${FINANCE}/documents?sha256=${first.json().sha256}`)).json().items).toHaveLength(1);
    expect([linked.statusCode, relinked.statusCode, relinked.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
  });
});
