import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type Client, FINANCE, type Response, type TestFinance } from '../helpers.js';

/** A small PDF; `tag` makes its bytes (and so its hash) unique. */
export const pdf = (tag: string = randomUUID()) => Buffer.from(`%PDF-1.7\n% ${tag}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`, 'latin1');

/** A PNG signature with an IHDR-like tail; `tag` makes it unique. */
export const png = (tag: string = randomUUID()) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(tag)]);

/** An XRechnung (UBL) invoice as a supplier sends it. */
export const xrechnung = (number = 'RE-2026-001') =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<ubl:Invoice xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><cbc:ID>${number}</cbc:ID></ubl:Invoice>\n`,
  );

/** Uploads `bytes` as `contentType` with the metadata in the query (`type=incoming_invoice` unless given). */
export function upload(
  client: Client,
  bytes: Buffer,
  contentType = 'application/pdf',
  query = 'type=incoming_invoice',
  headers: Record<string, string> = {},
): Promise<Response> {
  return client.post(`${FINANCE}/documents?${query}`, bytes, { 'content-type': contentType, ...headers });
}

/** Uploads and returns the created document; throws unless the service answers 201. */
export async function uploaded(client: Client, bytes: Buffer = pdf(), contentType = 'application/pdf', query?: string) {
  const response = await upload(client, bytes, contentType, query);
  if (response.statusCode !== 201) throw new Error(`upload failed: ${response.body}`);
  return response.json();
}

/** The app's own document folder. */
export function documentsDirOf(finance: TestFinance): string {
  if (!finance.documentsDir) throw new Error('This app was not built by buildTestApp and has no document folder of its own');
  return finance.documentsDir;
}

/** Where the file of `sha256` lies in the app's document folder. */
export const filePath = (finance: TestFinance, sha256: string) => join(documentsDirOf(finance), sha256.slice(0, 2), sha256);
