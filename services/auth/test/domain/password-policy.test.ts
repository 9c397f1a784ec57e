import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPassword } from '../../src/domain/password-policy.js';

const rules = (password: string, email = 'someone@example.com') => checkPassword(password, email).map((violation) => violation.rule);

describe('checkPassword', () => {
  it('should accept a long password that mixes two classes, spaces counting as other characters', () => {
    expect(rules('correct horse battery staple')).toEqual([]);
    expect(rules('correcthorse42')).toEqual([]);
  });

  it('should name the length rule for a password shorter than 12 characters', () => {
    expect(rules('Short-1')).toEqual(['min_length']);
  });

  it('should name the class rule for a password of one class only', () => {
    expect(rules('abcdefghijklmnop')).toEqual(['character_classes']);
    expect(rules('123456789012345')).toEqual(['character_classes']);
  });

  it('should name the e-mail rule for a password equal to the e-mail address ignoring case', () => {
    expect(rules('Someone@Example.com', 'someone@example.com')).toEqual(['equals_email']);
  });

  it('should report every broken rule at once for a short one-class password', () => {
    expect(rules('aaaa')).toEqual(['min_length', 'character_classes']);
  });

  it('should count code points, not UTF-16 units, for the length', () => {
    expect(rules('😀😀😀😀😀😀a')).toContain('min_length');
  });

  it('should accept every password of 12+ characters with a lower-case letter and a digit that is not the e-mail', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 10, maxLength: 40 }), (base) => {
        expect(rules(`a1${base}`.padEnd(12, 'x'), 'x@example.com')).toEqual([]);
      }),
    );
  });
});
