import { describe, expect, it } from 'vitest';
import { isTaxNumber, normaliseRegisterNumber, normaliseTaxNumber } from '../../src/domain/tax-identifiers.js';

describe('isTaxNumber', () => {
  it.each(['93815/08152', '181/815/08155', '21/815/08150', '2893081508152', '143 815 08155'])('should accept the Steuernummer %s', (taxNumber) => {
    expect(isTaxNumber(taxNumber)).toBe(true);
  });

  it.each(['123/456/789', '12345678901234', '181/815/0815X', '/181/815/08155', '181/815/08155/', ''])('should refuse %s', (taxNumber) => {
    expect(isTaxNumber(taxNumber)).toBe(false);
  });

  it('should collapse spaces', () => {
    expect(normaliseTaxNumber('  143   815  08155 ')).toBe('143 815 08155');
  });
});

describe('normaliseRegisterNumber', () => {
  it.each([
    ['HRB 12345', 'HRB 12345'],
    ['hrb12345', 'HRB 12345'],
    ['HRB 12345 B', 'HRB 12345 B'],
    ['HRB12345b', 'HRB 12345 B'],
    ['HRA  4711', 'HRA 4711'],
    ['gnr 99', 'GnR 99'],
    ['GsR 1', 'GsR 1'],
    ['PR 815', 'PR 815'],
    ['VR 4711', 'VR 4711'],
  ])('should turn %s into %s', (raw, normalised) => {
    expect(normaliseRegisterNumber(raw)).toBe(normalised);
  });

  it.each(['XYZ 12', 'HRB', 'HRB 1234567', 'HRB 123 ABC', '12345'])('should refuse %s', (raw) => {
    expect(normaliseRegisterNumber(raw)).toBeUndefined();
  });
});
