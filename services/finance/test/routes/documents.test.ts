import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, clientFor, FINANCE, type Response, readyTenant, type TestFinance } from '../helpers.js';
import { countRows } from '../sql.js';
import { filePath, pdf, png, upload, uploaded, xrechnung } from './document-helpers.js';

let finance: TestFinance;
let client: Client;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'), { env: { FINANCE_DOCUMENTS_MAX_BYTES: String(2 * 1024 * 1024) } });
  client = await readyTenant(finance);
});
afterAll(() => finance.close());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
// The injected response keeps the bytes as sent; `body` is their UTF-8 reading.
const rawOf = (response: Response) => (response as unknown as { rawPayload: Buffer }).rawPayload;

describe('POST /api/v1/finance/documents', () => {
  it('should keep a PDF with its metadata, content-addressed under its SHA-256, and answer 201 with Location and ETag', async () => {
    const bytes = pdf();
    const query =
      'type=incoming_invoice&document_date=2026-03-01&partner_ref=K-4711&note=Rechnung%20M%C3%BCller%0AZeile%202&file_name=Rechnung%20M%C3%A4rz.pdf';

    const response = await upload(client, bytes, 'application/pdf', query);

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      document_type: 'incoming_invoice',
      content_type: 'application/pdf',
      size_bytes: bytes.length,
      sha256: sha256(bytes),
      file_name: 'Rechnung März.pdf',
      document_date: '2026-03-01',
      partner_ref: 'K-4711',
      note: 'Rechnung Müller\nZeile 2',
      created_by: client.userId,
      links: [],
    });
    expect(response.headers.location).toBe(`${FINANCE}/documents/${response.json().id}`);
    expect(response.headers.etag).toBe(`"${sha256(bytes)}"`);
    expect((await readFile(filePath(finance, sha256(bytes)))).equals(bytes)).toBe(true);
  });

  it.each([
    ['a PNG receipt', png(), 'image/png', 'receipt'],
    ['a JPEG receipt', Buffer.from([0xff, 0xd8, 0xff, 0xe1, 1, 2, 3]), 'image/jpeg', 'receipt'],
    ['a TIFF bank statement', Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'image/tiff', 'bank_statement'],
    ['an XRechnung', xrechnung(), 'application/xml', 'incoming_invoice'],
    ['a ZUGFeRD XML as text/xml', Buffer.from('<?xml version="1.0"?><rsm:CrossIndustryInvoice/>'), 'text/xml; charset=utf-8', 'outgoing_invoice'],
  ])('should keep %s', async (_name, bytes, contentType, type) => {
    const response = await upload(client, bytes, contentType, `type=${type}`);

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ document_type: type, content_type: contentType.split(';')[0], size_bytes: bytes.length });
  });

  it('should take a document above the service-wide body limit of 1 MiB but within its own limit', async () => {
    const bytes = Buffer.concat([pdf(), Buffer.alloc(1_500_000, 0x20)]);

    expect((await upload(client, bytes)).statusCode).toBe(201);
  });

  it('should answer 413 for a document over the limit, declared or streamed, and keep nothing', async () => {
    const tenant = await readyTenant(finance);
    const bytes = Buffer.concat([pdf(), Buffer.alloc(2 * 1024 * 1024, 0x20)]);
    const authorization = await finance.tokens.bearer({ tenantId: tenant.tenantId, permissions: ['finance.documents:write'] });

    const declared = await upload(tenant, bytes);
    const streamed = await finance.app.inject({
      method: 'POST',
      url: `${FINANCE}/documents?type=other`,
      headers: { authorization, 'content-type': 'application/pdf' },
      payload: Readable.from([bytes.subarray(0, 1_000_000), bytes.subarray(1_000_000)]),
    });

    expect([declared.statusCode, declared.json().code]).toEqual([413, 'FIN_DOCUMENT_TOO_LARGE']);
    expect([streamed.statusCode, streamed.json().code]).toEqual([413, 'FIN_DOCUMENT_TOO_LARGE']);
    expect(await countRows(finance, 'document', tenant.tenantId)).toBe(0);
  });

  it.each([
    ['a GIF', Buffer.from('GIF89a'), 'image/gif'],
    ['JSON', Buffer.from('{"a":1}'), 'application/json'],
    ['plain text', Buffer.from('Rechnung'), 'text/plain'],
    ['an HTML page', Buffer.from('<html><script>alert(1)</script></html>'), 'text/html'],
  ])('should refuse %s with 415', async (_name, bytes, contentType) => {
    const response = await upload(client, bytes, contentType);

    expect([response.statusCode, response.json().code]).toEqual([415, 'FIN_DOCUMENT_TYPE_UNSUPPORTED']);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('should refuse an upload without a content type with 415', async () => {
    const response = await client.post(`${FINANCE}/documents?type=other`);

    expect([response.statusCode, response.json().code]).toEqual([415, 'FIN_DOCUMENT_TYPE_UNSUPPORTED']);
  });

  it.each([
    ['a "PDF" that is a PNG', png(), 'application/pdf'],
    ['a "PNG" that is a PDF', pdf(), 'image/png'],
    ['an "XML" that is a PDF', pdf(), 'application/xml'],
    ['an empty "PDF"', Buffer.alloc(0), 'application/pdf'],
  ])('should refuse %s with 422 and keep no file', async (_name, bytes, contentType) => {
    const tenant = await readyTenant(finance);

    const response = await upload(tenant, bytes, contentType);

    expect([response.statusCode, response.json().code]).toEqual([422, 'FIN_DOCUMENT_CONTENT_MISMATCH']);
    expect(await countRows(finance, 'document', tenant.tenantId)).toBe(0);
  });

  it.each([
    ['no type', ''],
    ['an unknown type', 'type=invoice'],
    ['a bad date', 'type=other&document_date=2026-02-30'],
    ['a file name with a path', 'type=other&file_name=..%2F..%2Fetc%2Fpasswd'],
    ['a file name of two dots', 'type=other&file_name=..'],
    ['a control character in the partner', 'type=other&partner_ref=K%00X'],
    ['an over-long note', `type=other&note=${'x'.repeat(2001)}`],
    ['an unknown parameter', 'type=other&owner=someone'],
  ])('should refuse %s with 400 and keep nothing', async (_name, query) => {
    const tenant = await readyTenant(finance);

    const response = await upload(tenant, pdf(), 'application/pdf', query);

    expect([response.statusCode, response.json().code]).toEqual([400, 'KIT_VALIDATION_FAILED']);
    expect(await countRows(finance, 'document', tenant.tenantId)).toBe(0);
  });

  it('should keep the same bytes once however many records of any tenant name them', async () => {
    const other = await readyTenant(finance);
    const bytes = pdf();

    const first = await uploaded(client, bytes);
    const second = await uploaded(client, bytes, 'application/pdf', 'type=receipt');
    const foreign = await uploaded(other, bytes);
    const folder = await readdir(filePath(finance, sha256(bytes)).replace(/\/[0-9a-f]{64}$/, ''));

    expect(new Set([first.id, second.id, foreign.id]).size).toBe(3);
    expect([first.sha256, second.sha256, foreign.sha256]).toEqual([sha256(bytes), sha256(bytes), sha256(bytes)]);
    expect(folder.filter((name) => name === sha256(bytes))).toHaveLength(1);
    expect(folder.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('GET /api/v1/finance/documents/:id/content', () => {
  it('should serve the bytes unchanged with their type, a download name, the hash as ETag, and 304 for that ETag', async () => {
    const bytes = xrechnung('RE-9');
    const document = await uploaded(client, bytes, 'application/xml', 'type=incoming_invoice&file_name=XRechnung%20RE-9.xml');

    const response = await client.get(`${FINANCE}/documents/${document.id}/content`);
    const again = await client.request('GET', `${FINANCE}/documents/${document.id}/content`, undefined, { 'if-none-match': `"other", W/"${document.sha256}"` });

    expect(response.statusCode).toBe(200);
    expect(rawOf(response).equals(bytes)).toBe(true);
    expect(response.headers).toMatchObject({
      'content-type': 'application/xml',
      'content-disposition': `attachment; filename="XRechnung RE-9.xml"; filename*=UTF-8''XRechnung%20RE-9.xml`,
      etag: `"${document.sha256}"`,
      'x-content-type-options': 'nosniff',
    });
    expect([again.statusCode, again.body]).toEqual([304, '']);
  });

  it('should refuse to serve altered or missing bytes with 500 FIN_DOCUMENT_CORRUPTED, and heal when the same bytes come again', async () => {
    const bytes = pdf();
    const document = await uploaded(client, bytes);
    await writeFile(filePath(finance, document.sha256), Buffer.concat([bytes, Buffer.from('tampered')]));

    const altered = await client.get(`${FINANCE}/documents/${document.id}/content`);
    await rm(filePath(finance, document.sha256));
    const missing = await client.get(`${FINANCE}/documents/${document.id}/content`);
    await uploaded(client, bytes);
    const healed = await client.get(`${FINANCE}/documents/${document.id}/content`);

    expect([altered.statusCode, altered.json().code, altered.headers['content-type']]).toEqual([
      500,
      'FIN_DOCUMENT_CORRUPTED',
      'application/problem+json; charset=utf-8',
    ]);
    expect(altered.body).not.toContain('tampered');
    expect([missing.statusCode, missing.json().code]).toEqual([500, 'FIN_DOCUMENT_CORRUPTED']);
    expect([healed.statusCode, rawOf(healed).equals(bytes)]).toEqual([200, true]);
  });
});

describe('GET /api/v1/finance/documents', () => {
  it('should filter by type, partner, document date and hash, and page newest first with a cursor', async () => {
    const tenant = await readyTenant(finance);
    const march = await uploaded(tenant, pdf(), 'application/pdf', 'type=incoming_invoice&partner_ref=L-1&document_date=2026-03-10');
    const april = await uploaded(tenant, pdf(), 'application/pdf', 'type=incoming_invoice&partner_ref=L-2&document_date=2026-04-10');
    const receipt = await uploaded(tenant, png(), 'image/png', 'type=receipt&partner_ref=L-1');
    const list = async (query: string) => (await tenant.get(`${FINANCE}/documents?${query}`)).json();

    const first = await list('limit=2');
    const second = await list(`limit=2&cursor=${first.next_cursor}`);

    expect([...first.items, ...second.items].map((item: { id: string }) => item.id)).toEqual([receipt.id, april.id, march.id]);
    expect(second.next_cursor).toBeNull();
    expect((await list('type=incoming_invoice')).items.map((item: { id: string }) => item.id)).toEqual([april.id, march.id]);
    expect((await list('partner_ref=L-1')).items.map((item: { id: string }) => item.id)).toEqual([receipt.id, march.id]);
    expect((await list('from=2026-04-01&to=2026-04-30')).items.map((item: { id: string }) => item.id)).toEqual([april.id]);
    expect((await list(`sha256=${march.sha256.toUpperCase()}`)).items.map((item: { id: string }) => item.id)).toEqual([march.id]);
    expect((await tenant.get(`${FINANCE}/documents?cursor=bm9wZQ`)).json().code).toBe('KIT_BAD_REQUEST');
  });
});

describe('documents and tenants', () => {
  it("should not let tenant B read, download, find by hash, link or delete tenant A's document", async () => {
    const tenantB = await readyTenant(finance);
    const document = await uploaded(client, pdf());

    const answers = await Promise.all([
      tenantB.get(`${FINANCE}/documents/${document.id}`),
      tenantB.get(`${FINANCE}/documents/${document.id}/content`),
      tenantB.request('DELETE', `${FINANCE}/documents/${document.id}`),
      tenantB.post(`${FINANCE}/documents/${document.id}/links`, { entry_id: document.id }),
    ]);
    const byHash = (await tenantB.get(`${FINANCE}/documents?sha256=${document.sha256}`)).json();

    expect(answers.map((answer) => [answer.statusCode, answer.json().code])).toEqual(answers.map(() => [404, 'FIN_DOCUMENT_NOT_FOUND']));
    expect(byHash.items).toEqual([]);
    expect((await client.get(`${FINANCE}/documents/${document.id}`)).statusCode).toBe(200);
  });

  it('should need finance.documents:write to upload and finance.documents:read to read', async () => {
    const document = await uploaded(client, pdf());
    const reader = await clientFor(finance, { tenantId: client.tenantId, permissions: ['finance.documents:read'] });
    const writer = await clientFor(finance, { tenantId: client.tenantId, permissions: ['finance.documents:write'] });

    const answers = await Promise.all([
      upload(reader, pdf()),
      reader.request('DELETE', `${FINANCE}/documents/${document.id}`),
      writer.get(`${FINANCE}/documents`),
      writer.get(`${FINANCE}/documents/${document.id}/content`),
    ]);
    const anonymous = await finance.app.inject({ method: 'GET', url: `${FINANCE}/documents/${document.id}/content` });

    expect(answers.map((answer) => answer.statusCode)).toEqual([403, 403, 403, 403]);
    expect(anonymous.statusCode).toBe(401);
    expect((await reader.get(`${FINANCE}/documents/${document.id}/content`)).statusCode).toBe(200);
  });
});
