import { describe, expect, it } from 'vitest';
import { assertValidParent } from '../../src/domain/account-hierarchy.js';

// 4200 Raumkosten > 4210 Miete > 4211 (custom) ; 4900 stands alone.
const parents = new Map<string, string | null>([
  ['4200', null],
  ['4210', '4200'],
  ['4211', '4210'],
  ['4900', null],
]);
const parentOf = (number: string) => parents.get(number);

describe('assertValidParent', () => {
  it('should accept an existing account outside the subtree', () => {
    expect(() => assertValidParent('4210', '4900', parentOf)).not.toThrow();
    expect(() => assertValidParent('4999', '4211', parentOf)).not.toThrow();
  });

  it('should refuse an unknown parent', () => {
    expect(() => assertValidParent('4210', '4299', parentOf)).toThrow(
      expect.objectContaining({ code: 'FIN_ACCOUNT_HIERARCHY', detail: expect.stringContaining('does not exist') }),
    );
  });

  it('should refuse the account itself and its descendants (a cycle)', () => {
    expect(() => assertValidParent('4200', '4200', parentOf)).toThrow(expect.objectContaining({ code: 'FIN_ACCOUNT_HIERARCHY' }));
    expect(() => assertValidParent('4200', '4211', parentOf)).toThrow(expect.objectContaining({ code: 'FIN_ACCOUNT_HIERARCHY' }));
  });
});
