import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLeitwegId, leitwegCheckDigits, normaliseLeitwegId } from '../../src/domain/leitweg-id.js';

describe('checkLeitwegId', () => {
  it.each(['04011000-1234512345-06', '04011000-900X999-08', '992-90009-96', '09564000-NUE0001-49', '991-33333TEST-33'])(
    'should accept the published example %s',
    (leitwegId) => {
      expect(checkLeitwegId(leitwegId)).toBeUndefined();
    },
  );

  it.each([
    ['04011000-1234512345-07', 'check-digits'],
    ['04011000-1234512346-06', 'check-digits'],
    ['991-33333TEST-34', 'check-digits'],
    ['17011000-1234512345-06', 'region'],
    ['00011000-1234512345-06', 'region'],
    ['0401100012345', 'format'],
    ['0-12345-06', 'format'],
    ['0401100012345-06', 'format'],
    ['04011000-1234_12345-06', 'format'],
    [`04011000-${'A'.repeat(31)}-06`, 'format'],
    ['04011000--06', 'format'],
    ['04011000-12345-6', 'format'],
  ])('should refuse %s (%s)', (leitwegId, problem) => {
    expect(checkLeitwegId(leitwegId)).toBe(problem);
  });

  it('should accept lower-case letters once normalised', () => {
    expect(checkLeitwegId(normaliseLeitwegId(' 991-33333test-33 '))).toBeUndefined();
  });

  it('should accept every Leitweg-ID whose check digits were computed, and refuse it with other ones', () => {
    const region = fc.constantFrom('01', '05', '09', '16', '99');
    fc.assert(
      fc.property(
        region,
        fc.stringMatching(/^\d{0,10}$/),
        fc.stringMatching(/^[A-Z0-9]{0,30}$/),
        fc.integer({ min: 1, max: 96 }),
        (land, rest, fine, shift) => {
          const coarse = `${land}${rest}`;
          const digits = leitwegCheckDigits(coarse, fine);
          const id = fine ? `${coarse}-${fine}-${digits}` : `${coarse}-${digits}`;
          const wrong = String((Number(digits) + shift) % 97).padStart(2, '0');
          expect(checkLeitwegId(id)).toBeUndefined();
          expect(checkLeitwegId(id.replace(/\d{2}$/, wrong))).toBe('check-digits');
        },
      ),
    );
  });
});
