// The Leitweg-ID addresses a German public buyer in an XRechnung (BT-10). Format per KoSIT's
// "Formatspezifikation Leitweg-ID" 2.0: Grobadressierung (2 to 12 digits, starting with the code of a
// Land, 01 to 16, or 99 for the Bund), optionally a hyphen and the Feinadressierung (up to 30 letters and
// digits), then a hyphen and two check digits; at most 46 characters in all.
const LEITWEG_ID = /^(\d{2,12})(?:-([A-Z0-9]{1,30}))?-(\d{2})$/;
const LEITWEG_ID_LENGTH_MAX = 46;

/** Why a Leitweg-ID was refused; `undefined` from {@link checkLeitwegId} means it is valid. */
export type LeitwegIdProblem = 'format' | 'region' | 'check-digits';

/** The canonical form: trimmed, letters in upper case (the check digits do not depend on case). */
export function normaliseLeitwegId(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Checks a normalised Leitweg-ID: its parts, the Land or Bund code, and the check digits. */
export function checkLeitwegId(leitwegId: string): LeitwegIdProblem | undefined {
  const match = LEITWEG_ID.exec(leitwegId);
  if (!match || leitwegId.length > LEITWEG_ID_LENGTH_MAX) return 'format';
  const [, coarse = '', fine = '', checkDigits = ''] = match;
  const region = Number(coarse.slice(0, 2));
  if (!((region >= 1 && region <= 16) || region === 99)) return 'region';
  return mod97(`${coarse}${fine}${checkDigits}`) === 1 ? undefined : 'check-digits';
}

/** The two check digits for a Grobadressierung and an optional Feinadressierung (ISO 7064 MOD 97-10). */
export function leitwegCheckDigits(coarse: string, fine = ''): string {
  return String(98 - mod97(`${coarse}${fine.toUpperCase()}00`)).padStart(2, '0');
}

/** A sentence for the client that says what is wrong with the Leitweg-ID. */
export function describeLeitwegIdProblem(problem: LeitwegIdProblem): string {
  switch (problem) {
    case 'format':
      return 'must look like 04011000-1234512345-06: 2 to 12 digits, optionally a hyphen and up to 30 letters or digits, a hyphen and 2 check digits.';
    case 'region':
      return 'must start with the code of a Land (01 to 16) or 99 for the Bund.';
    case 'check-digits':
      return 'has wrong check digits; check it for a typing error.';
  }
}

/** The remainder modulo 97 of the number that results from replacing each letter by 10 (A) to 35 (Z). */
function mod97(characters: string): number {
  let remainder = 0;
  for (const character of characters) {
    const digits = character >= 'A' && character <= 'Z' ? String(character.charCodeAt(0) - 55) : character;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}
