import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkVatId, describeVatIdProblem, germanCheckDigit, normaliseVatId, VAT_ID_COUNTRIES } from '../../src/domain/vat-id.js';

describe('checkVatId', () => {
  it.each([
    'ATU12345678',
    'BE0123456789',
    'BE1234567890',
    'BG123456789',
    'BG1234567890',
    'CY12345678X',
    'CZ12345678',
    'CZ1234567890',
    'DE136695976',
    'DK12345678',
    'EE123456789',
    'EL123456789',
    'ESA12345678',
    'ES12345678Z',
    'ESX1234567L',
    'FI12345678',
    'FR12345678901',
    'FRAB123456789',
    'HR12345678901',
    'HU12345678',
    'IE1234567T',
    'IE1234567WA',
    'IE1A23456B',
    'IT12345678901',
    'LT123456789',
    'LT123456789012',
    'LU12345678',
    'LV12345678901',
    'MT12345678',
    'NL123456789B01',
    'PL1234567890',
    'PT123456789',
    'RO12',
    'RO1234567890',
    'SE123456789001',
    'SI12345678',
    'SK1234567890',
    'XI123456789',
    'XIGD123',
    'XIHA567',
  ])('should accept %s', (vatId) => {
    expect(checkVatId(vatId)).toBeUndefined();
  });

  it.each([
    ['ATU1234567', 'format'],
    ['AT123456789', 'format'],
    ['BE2123456789', 'format'],
    ['CY123456789', 'format'],
    ['DE012345678', 'format'],
    ['DE13669597', 'format'],
    ['DE1366959760', 'format'],
    ['ES123456789', 'format'],
    ['FRO1234567890', 'format'],
    ['IE123456', 'format'],
    ['NL123456789A01', 'format'],
    ['RO0123', 'format'],
    ['SE123456789012', 'format'],
    ['XIGD567', 'format'],
    ['GR123456789', 'country'],
    ['GB123456789', 'country'],
    ['CHE123456789', 'country'],
    ['DE136695977', 'check-digit'],
    ['DE136695966', 'check-digit'],
  ])('should refuse %s (%s)', (vatId, problem) => {
    expect(checkVatId(vatId)).toBe(problem);
  });

  it('should cover every EU member state and Northern Ireland', () => {
    expect([...VAT_ID_COUNTRIES].sort()).toEqual('AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI'.split(' '));
  });

  it('should say what is wrong in words', () => {
    expect(describeVatIdProblem('country', 'US123')).toContain('"US"');
    expect(describeVatIdProblem('format', 'ATU1')).toContain('AT VAT id');
    expect(describeVatIdProblem('check-digit', 'DE136695977')).toContain('check digit');
  });
});

describe('germanCheckDigit', () => {
  it.each([
    ['13669597', 6],
    ['14345421', 4],
    ['12927420', 2],
    ['12347522', 3],
    ['81190798', 0],
  ])('should compute the check digit of DE%s as %i', (digits, check) => {
    expect(germanCheckDigit(digits)).toBe(check);
  });

  it('should accept every base with its own check digit and refuse every other digit in its place', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{7}$/), fc.integer({ min: 1, max: 9 }), (base, shift) => {
        const check = germanCheckDigit(base);
        expect(checkVatId(`DE${base}${check}`)).toBeUndefined();
        expect(checkVatId(`DE${base}${(check + shift) % 10}`)).toBe('check-digit');
      }),
    );
  });

  it('should detect every single changed digit of the base', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{7}$/), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 9 }), (base, position, shift) => {
        const changed = `${base.slice(0, position)}${(Number(base[position]) + shift) % 10}${base.slice(position + 1)}`;
        expect(checkVatId(`DE${changed}${germanCheckDigit(base)}`)).toBe('check-digit');
      }),
    );
  });
});

describe('normaliseVatId', () => {
  it.each([
    ['de 136 695 976', 'DE136695976'],
    ['DE-136.695.976', 'DE136695976'],
    [' nl123456789b01 ', 'NL123456789B01'],
    ['GR123456789', 'EL123456789'],
  ])('should turn %s into %s', (raw, normalised) => {
    expect(normaliseVatId(raw)).toBe(normalised);
  });
});
