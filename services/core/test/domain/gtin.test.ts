import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkGtin, describeGtinProblem, gtinCheckDigit, normaliseGtin } from '../../src/domain/gtin.js';

describe('checkGtin', () => {
  it.each([
    ['a GTIN-13 (EAN) of a German product', '4006381333931'],
    ['a GTIN-13 ending in check digit 0 (4 + 3 × 2 = 10)', '4000000000020'],
    ['a GTIN-8 (EAN-8)', '96385074'],
    ['a GTIN-12 (UPC-A)', '036000291452'],
    ['a GTIN-14 of a trade unit', '10012345678902'],
    ['a GTIN-14 with an indicator digit of 0', '00012345600012'],
  ])('should accept %s', (_case, gtin) => {
    expect(checkGtin(gtin)).toBeUndefined();
  });

  it.each([
    ['a GTIN-13 with a wrong check digit', '4006381333932', 'check-digit'],
    ['a GTIN-8 with a wrong check digit', '96385075', 'check-digit'],
    ['a GTIN-12 with two digits swapped', '306000291452', 'check-digit'],
    ['a GTIN-14 with a wrong check digit', '10012345678903', 'check-digit'],
    ['7 digits', '1234565', 'length'],
    ['9 digits', '123456789', 'length'],
    ['10 digits', '1234567890', 'length'],
    ['15 digits', '100123456789025', 'length'],
    ['letters', '40063813339X1', 'not-digits'],
    ['an empty string', '', 'not-digits'],
  ])('should refuse %s', (_case, gtin, problem) => {
    expect(checkGtin(gtin)).toBe(problem);
  });

  it('should accept every body completed with its own check digit', () => {
    fc.assert(
      fc.property(fc.constantFrom(7, 11, 12, 13), fc.nat(), (bodyLength, seed) => {
        const body = String(seed).padStart(bodyLength, '0').slice(-bodyLength);

        expect(checkGtin(`${body}${gtinCheckDigit(body)}`)).toBeUndefined();
      }),
    );
  });

  it('should refuse every other check digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.integer({ min: 1, max: 9 }), (body, offset) => {
        const wrong = (gtinCheckDigit(body) + offset) % 10;

        expect(checkGtin(`${body}${wrong}`)).toBe('check-digit');
      }),
    );
  });

  it('should catch every single-digit typing error', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.nat(12), fc.integer({ min: 1, max: 9 }), (body, position, offset) => {
        const gtin = `${body}${gtinCheckDigit(body)}`;
        const typo = `${gtin.slice(0, position)}${(Number(gtin[position]) + offset) % 10}${gtin.slice(position + 1)}`;

        expect(checkGtin(typo)).toBe('check-digit');
      }),
    );
  });
});

describe('gtinCheckDigit', () => {
  it('should weight the digits 3, 1, 3, … from the right', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1);
    expect(gtinCheckDigit('9638507')).toBe(4);
  });
});

describe('normaliseGtin', () => {
  it('should remove the spaces and hyphens printed under a barcode', () => {
    expect(normaliseGtin('4 006381 333931')).toBe('4006381333931');
    expect(normaliseGtin('0-36000-29145-2')).toBe('036000291452');
  });
});

describe('describeGtinProblem', () => {
  it('should name the expected check digit', () => {
    expect(describeGtinProblem('check-digit', '4006381333932')).toContain('expected 1');
  });

  it('should name the number of digits', () => {
    expect(describeGtinProblem('length', '123456789')).toContain('9 digits');
  });
});
