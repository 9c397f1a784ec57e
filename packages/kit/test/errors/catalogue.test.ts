import { readFileSync } from 'node:fs';
import { KIT_ERROR_CODES } from '@erp/kit';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const documented = [...readme.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|/gm)].map((match) => match[1]);

describe('the kit error catalogue', () => {
  it('should document every code in the README error table', () => {
    expect(KIT_ERROR_CODES.filter((code) => !documented.includes(code))).toEqual([]);
  });

  it('should list no code in the README that does not exist', () => {
    expect(documented.filter((code) => !KIT_ERROR_CODES.includes(code as string))).toEqual([]);
  });
});
