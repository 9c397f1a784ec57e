import { describe, expect, it } from 'vitest';
import { contentDisposition, contentMatchesType, type DocumentContentType, isDocumentContentType, mediaTypeOf } from '../../src/domain/document.js';

const bytes = (...values: (number | string)[]) =>
  Buffer.concat(values.map((value) => (typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from([value]))));

describe('contentMatchesType', () => {
  it.each<[string, DocumentContentType, Buffer]>([
    ['a PDF', 'application/pdf', bytes('%PDF-1.7\n%âãÏÓ\n')],
    ['a PNG', 'image/png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)],
    ['a JPEG', 'image/jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, 'JFIF')],
    ['a little-endian TIFF', 'image/tiff', bytes('II', 0x2a, 0x00, 8, 0, 0, 0)],
    ['a big-endian TIFF', 'image/tiff', bytes('MM', 0x00, 0x2a, 0, 0, 0, 8)],
    ['a BigTIFF', 'image/tiff', bytes('II', 0x2b, 0x00, 8, 0)],
    ['an XRechnung with declaration', 'application/xml', bytes('<?xml version="1.0" encoding="UTF-8"?><ubl:Invoice/>')],
    ['a CII invoice with BOM and white space', 'text/xml', bytes(0xef, 0xbb, 0xbf, '\n  <rsm:CrossIndustryInvoice/>')],
    ['XML starting with a comment', 'application/xml', bytes('<!-- ZUGFeRD --><Invoice/>')],
  ])('should accept %s', (_name, type, content) => {
    expect(contentMatchesType(type, content)).toBe(true);
  });

  it.each<[string, DocumentContentType, Buffer]>([
    ['an empty body as PDF', 'application/pdf', bytes()],
    ['a PNG declared as PDF', 'application/pdf', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a)],
    ['text declared as PDF', 'application/pdf', bytes('Rechnung 4711')],
    ['a PDF declared as PNG', 'image/png', bytes('%PDF-1.4')],
    ['a truncated PNG signature', 'image/png', bytes(0x89, 'PNG')],
    ['a PDF declared as JPEG', 'image/jpeg', bytes('%PDF-1.4')],
    ['a JPEG declared as TIFF', 'image/tiff', bytes(0xff, 0xd8, 0xff)],
    ['a PDF declared as XML', 'application/xml', bytes('%PDF-1.4')],
    ['text declared as XML', 'text/xml', bytes('hello <world/>')],
    ['"< " declared as XML', 'application/xml', bytes('< 1')],
  ])('should refuse %s', (_name, type, content) => {
    expect(contentMatchesType(type, content)).toBe(false);
  });
});

describe('media types and downloads', () => {
  it('should read the media type of a header without parameters and in lowercase', () => {
    expect([mediaTypeOf('Application/PDF; charset=binary'), mediaTypeOf(undefined), mediaTypeOf('  image/png ')]).toEqual(['application/pdf', '', 'image/png']);
    expect([isDocumentContentType('image/tiff'), isDocumentContentType('image/gif'), isDocumentContentType('application/json')]).toEqual([true, false, false]);
  });

  it('should name a download with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('d1', 'application/pdf', 'Rechnung "März" 100%.pdf')).toBe(
      `attachment; filename="Rechnung _M_rz_ 100_.pdf"; filename*=UTF-8''Rechnung%20%22M%C3%A4rz%22%20100%25.pdf`,
    );
    expect(contentDisposition('0b4c', 'image/tiff', null)).toBe(`attachment; filename="0b4c.tif"; filename*=UTF-8''0b4c.tif`);
  });
});
