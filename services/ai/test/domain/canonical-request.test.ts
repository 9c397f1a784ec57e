import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/canonical-request.js';

describe('canonicalJson', () => {
  it('should not depend on key order, Unicode normal form or white space around message texts', () => {
    const composed = { b: 1, messages: [{ role: 'user', content: '  Gr\u00fc\u00dfe ' }], a: undefined };
    const decomposed = { messages: [{ content: 'Gru\u0308\u00dfe', role: 'user' }], b: 1 };

    expect(canonicalJson(composed)).toBe(canonicalJson(decomposed));
  });

  it('should keep what carries meaning: array order, inner white space, other fields', () => {
    expect(canonicalJson({ messages: [{ content: 'a  b' }] })).not.toBe(canonicalJson({ messages: [{ content: 'a b' }] }));
    expect(canonicalJson({ stop: ['x', 'y'] })).not.toBe(canonicalJson({ stop: ['y', 'x'] }));
    expect(canonicalJson({ temperature: 0 })).not.toBe(canonicalJson({ temperature: 1 }));
  });
});
