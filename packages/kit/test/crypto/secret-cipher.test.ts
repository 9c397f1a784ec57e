import { createSecretCipher } from '@erp/kit';
import { describe, expect, it } from 'vitest';

const SECRET = 'a-secret-of-sufficient-length';

describe('createSecretCipher', () => {
  it('should give back the plaintext, and a different sealed value each time', () => {
    const cipher = createSecretCipher(SECRET, { salt: 'erp-test', purpose: 'one' });

    const [first, second] = [cipher.encrypt('s3cr3t ü'), cipher.encrypt('s3cr3t ü')];

    expect(cipher.decrypt(first)).toBe('s3cr3t ü');
    expect(first).not.toBe(second);
  });

  it('should refuse a tampered value and a value sealed for another purpose', () => {
    const cipher = createSecretCipher(SECRET, { salt: 'erp-test', purpose: 'one' });
    const other = createSecretCipher(SECRET, { salt: 'erp-test', purpose: 'two' });
    const sealed = cipher.encrypt('value');
    const [version, iv, tag, body = ''] = sealed.split('.');
    const tampered = [version, iv, tag, `${body.slice(0, -2)}${body.endsWith('AA') ? 'BB' : 'AA'}`].join('.');

    expect(() => cipher.decrypt(tampered)).toThrow();
    expect(() => other.decrypt(sealed)).toThrow();
    expect(() => cipher.decrypt('v2.x.y.z')).toThrow('unknown format');
  });
});
