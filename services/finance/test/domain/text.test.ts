import { describe, expect, it } from 'vitest';
import { isSafeText } from '../../src/domain/text.js';

describe('isSafeText', () => {
  it.each(['Verkauf an Müller', 'Grüße – „Zitat“', '€ 19 %', 'Emoji 🧾 ok', ''])('should accept %j', (text) => {
    expect(isSafeText(text)).toBe(true);
  });

  it.each(['a\u0000b', 'line\nbreak', 'tab\there', 'del\u007f', 'lone \ud83e high', 'lone \udddd low', 'end \ud83e'])('should refuse %j', (text) => {
    expect(isSafeText(text)).toBe(false);
  });
});
