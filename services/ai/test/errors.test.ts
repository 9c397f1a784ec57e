import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AI_ERRORS } from '../src/errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const tableRows = [...readme.matchAll(/^\|\s*`(AI_[A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((match) => ({ code: match[1], status: Number(match[2]) }));

describe('the ai error catalogue', () => {
  it('should list every error code of errors.ts in the README table with its status', () => {
    const catalogue = AI_ERRORS.map((error) => ({ code: error.code, status: error.status }));

    expect(tableRows).toEqual(expect.arrayContaining(catalogue));
  });

  it('should have no README row for a code that errors.ts does not define', () => {
    const codes = new Set(AI_ERRORS.map((error) => error.code));

    expect(tableRows.filter((row) => !codes.has(row.code ?? ''))).toEqual([]);
  });
});
