import { describe, expect, it } from 'vitest';
import { amountCell, toCsv } from '../../src/reports/csv.js';
import { wantsCsv } from '../../src/reports/report-reply.js';

describe('toCsv', () => {
  it('should write a byte-order mark, semicolons, CRLF and decimal commas', () => {
    expect(
      toCsv(
        ['a', 'b', 'c'],
        [
          ['x', amountCell('-1234.50'), 7],
          [null, amountCell(null), 'y'],
        ],
      ),
    ).toBe('\uFEFFa;b;c\r\nx;-1234,50;7\r\n;;y\r\n');
  });

  it.each([
    ['a semicolon', 'Müller; Söhne', '"Müller; Söhne"'],
    ['a quote', 'Der "Beste"', '"Der ""Beste"""'],
    ['a line break', 'Zeile 1\nZeile 2', '"Zeile 1\nZeile 2"'],
    ['a formula', '=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['a leading plus', '+49 30 1234', "'+49 30 1234"],
    ['a leading minus in a text', '-Rabatt', "'-Rabatt"],
    ['a leading at sign', '@SUM(A1)', "'@SUM(A1)"],
  ])('should guard a text with %s', (_case, text, cell) => {
    expect(toCsv(['t'], [[text]])).toBe(`\uFEFFt\r\n${cell}\r\n`);
  });
});

describe('wantsCsv', () => {
  it.each([
    [undefined, undefined, false],
    ['csv', undefined, true],
    ['json', 'text/csv', false],
    ['csv', 'application/json', true],
    [undefined, 'text/csv', true],
    [undefined, 'text/csv;q=0.9, application/json', false],
    [undefined, 'application/json;q=0.5, text/csv', true],
    [undefined, '*/*', false],
    [undefined, 'text/csv, */*;q=0.1', true],
    [undefined, 'text/csv;q=0', false],
    [undefined, 'text/csv;q=abc', false],
  ] as const)('should answer format=%s with Accept %s: %s', (format, accept, expected) => {
    expect(wantsCsv(format, accept)).toBe(expected);
  });
});
