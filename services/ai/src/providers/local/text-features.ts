// Function words of English and German: they carry no topic, so they neither rank sentences nor become keywords.
const STOPWORDS_EN = new Set(
  'a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its me my no not of on or our she so than that the their them then there these they this to up us was we were what when where which who why will with would you your'.split(
    ' ',
  ),
);
const STOPWORDS_DE = new Set(
  'aber als am an auch auf aus bei bin bis bitte das dass dem den der des die dies diese doch du ein eine einem einen einer es für hat hatte ich ihr im in ist ja kann man mit nach nicht noch nur oder sich sie sind so um und uns von vor war was wie wir wird zu zum zur über'.split(
    ' ',
  ),
);

export type TextLanguage = 'en' | 'de';

/**
 * Lower-case words (letters and digits of any script), NFKC-normalised so that look-alike forms count as one;
 * numbers keep their separators (12,400.50 is one word).
 */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) ?? []
  );
}

export function isStopword(word: string): boolean {
  return STOPWORDS_EN.has(word) || STOPWORDS_DE.has(word);
}

/** German when more of the text's function words are German than English; English otherwise. */
export function guessLanguage(text: string): TextLanguage {
  let german = 0;
  let english = 0;
  for (const word of words(text)) {
    if (STOPWORDS_DE.has(word)) german += 1;
    if (STOPWORDS_EN.has(word)) english += 1;
  }
  return german > english ? 'de' : 'en';
}

/** Splits text into sentences at `.`, `!`, `?` followed by white space, and at line breaks. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => words(sentence).length > 0);
}
