/** What a document is to the books. */
export const DOCUMENT_TYPES = ['incoming_invoice', 'outgoing_invoice', 'receipt', 'bank_statement', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** The media types a document may have: PDF, PNG, JPEG, TIFF and XML (e.g. an XRechnung or a ZUGFeRD/Factur-X XML). */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff', 'application/xml', 'text/xml'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

const EXTENSIONS: Readonly<Record<DocumentContentType, string>> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/tiff': 'tif',
  'application/xml': 'xml',
  'text/xml': 'xml',
};

/** The media type of a `Content-Type` header, lowercase and without parameters ("" when absent). */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function isDocumentContentType(mediaType: string): mediaType is DocumentContentType {
  return (DOCUMENT_CONTENT_TYPES as readonly string[]).includes(mediaType);
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
// Classic TIFF ("II*\0", "MM\0*") and BigTIFF ("II+\0", "MM\0+").
const TIFF = [
  [0x49, 0x49, 0x2a, 0x00],
  [0x4d, 0x4d, 0x00, 0x2a],
  [0x49, 0x49, 0x2b, 0x00],
  [0x4d, 0x4d, 0x00, 0x2b],
];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Whether the bytes look like XML: after an optional UTF-8 byte-order mark and white space comes `<` and then
 * `?` (the declaration), `!` (a comment or doctype) or the first letter of the root element. The content is not
 * parsed, so no entity of it is ever expanded.
 */
function looksLikeXml(bytes: Uint8Array): boolean {
  let index = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
  while (index < bytes.length && WHITESPACE.has(bytes[index] ?? 0)) index += 1;
  const next = bytes[index + 1] ?? 0;
  const nameStart = (next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a) || next === 0x5f || next >= 0x80;
  return bytes[index] === 0x3c && (next === 0x3f || next === 0x21 || nameStart);
}

/** Whether the file's leading bytes (its magic number) are those of the declared media type. */
export function contentMatchesType(contentType: DocumentContentType, bytes: Uint8Array): boolean {
  switch (contentType) {
    case 'application/pdf':
      return startsWith(bytes, PDF);
    case 'image/png':
      return startsWith(bytes, PNG);
    case 'image/jpeg':
      return startsWith(bytes, JPEG);
    case 'image/tiff':
      return TIFF.some((signature) => startsWith(bytes, signature));
    default:
      return looksLikeXml(bytes);
  }
}

/**
 * The `Content-Disposition` of a download (RFC 6266): an ASCII fallback name with anything unsafe replaced,
 * and the exact name in `filename*` as UTF-8. Without a stored name the file is named after the document.
 */
export function contentDisposition(documentId: string, contentType: DocumentContentType, fileName: string | null): string {
  const name = fileName ?? `${documentId}.${EXTENSIONS[contentType]}`;
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
