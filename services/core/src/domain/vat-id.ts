// The national part of a VAT identification number (USt-IdNr) per EU member state, as the Commission's VIES
// documents it, plus XI for Northern Ireland (still in VIES under the Windsor Framework). Greece uses EL.
const NATIONAL_PATTERNS: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^[1-9]\d{8}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^([A-Z]\d{7}[A-Z0-9]|\d{8}[A-Z])$/,
  FI: /^\d{8}$/,
  FR: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^[1-9]\d{1,9}$/,
  SE: /^\d{10}01$/,
  SI: /^[1-9]\d{7}$/,
  SK: /^[1-9]\d{9}$/,
  XI: /^(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/,
};

/** Why a VAT id was refused; `undefined` from {@link checkVatId} means it is valid. */
export type VatIdProblem = 'country' | 'format' | 'check-digit';

/** The country prefixes a VAT id may start with. */
export const VAT_ID_COUNTRIES: readonly string[] = Object.keys(NATIONAL_PATTERNS);

/**
 * The canonical form of a VAT id as people type it: upper case, without spaces, dots or hyphens; the
 * ISO country code GR, which Greek VAT ids do not use, becomes EL.
 */
export function normaliseVatId(raw: string): string {
  const compact = raw.replace(/[\s.-]/g, '').toUpperCase();
  return compact.startsWith('GR') ? `EL${compact.slice(2)}` : compact;
}

/** Checks a normalised VAT id: a known EU prefix, that country's format, and for DE the check digit. */
export function checkVatId(vatId: string): VatIdProblem | undefined {
  const country = vatId.slice(0, 2);
  const pattern = NATIONAL_PATTERNS[country];
  if (!pattern) return 'country';
  const national = vatId.slice(2);
  if (!pattern.test(national)) return 'format';
  if (country === 'DE' && germanCheckDigit(national.slice(0, 8)) !== Number(national[8])) return 'check-digit';
  return undefined;
}

/** A sentence for the client that says what is wrong with the VAT id. */
export function describeVatIdProblem(problem: VatIdProblem, vatId: string): string {
  switch (problem) {
    case 'country':
      return `"${vatId.slice(0, 2)}" is not the prefix of an EU VAT id; use one of ${VAT_ID_COUNTRIES.join(', ')}.`;
    case 'format':
      return `does not have the format of a ${vatId.slice(0, 2)} VAT id.`;
    case 'check-digit':
      return 'has a wrong check digit; check it for a typing error.';
  }
}

/**
 * The check digit of a German USt-IdNr for its first eight digits: ISO 7064 MOD 11,10, as the
 * Bundeszentralamt für Steuern specifies it.
 */
export function germanCheckDigit(firstEightDigits: string): number {
  let product = 10;
  for (const character of firstEightDigits) {
    const sum = (Number(character) + product) % 10;
    product = ((sum === 0 ? 10 : sum) * 2) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}
