const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Whether `text` can be stored and shown as it is: no control characters (PostgreSQL cannot store NUL, and the
 * others have no place in a Buchungstext or a document reference) and no lone UTF-16 surrogate (broken Unicode,
 * which the database would store as something else than the seal covered).
 */
export function isSafeText(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f || isLowSurrogate(code)) return false;
    if (isHighSurrogate(code)) {
      if (!isLowSurrogate(text.charCodeAt(index + 1))) return false;
      index += 1;
    }
  }
  return true;
}
