// JavaScript's \b knows only ASCII letters, so "über" or "Lösche" would never start a word; these boundaries know all.
const BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const AFTER = String.raw`(?![\p{L}\p{N}_])`;

/** A case-insensitive pattern of whole words: `source` must start and end at word boundaries (Unicode-aware). */
export function words(source: string, flags = ''): RegExp {
  return new RegExp(`${BEFORE}(?:${source})${AFTER}`, `iu${flags}`);
}

/** A case-insensitive pattern that must start at a word boundary but may end inside a word (German compounds). */
export function wordStart(source: string): RegExp {
  return new RegExp(`${BEFORE}(?:${source})`, 'iu');
}
