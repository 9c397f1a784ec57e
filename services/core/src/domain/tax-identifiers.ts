// A German Steuernummer has 10 or 11 digits in the format of the Land that issued it (e.g. 93815/08152 in
// Baden-Württemberg, 181/815/08155 in Bayern) or 13 digits in the uniform federal format used in ELSTER.
// The check digit algorithms differ by Land and are not published for all; only the form is checked.
const TAX_NUMBER_CHARACTERS = /^[0-9][0-9 /]*[0-9]$/;
const TAX_NUMBER_DIGIT_COUNTS = new Set([10, 11, 13]);

/** The canonical form of a Steuernummer: trimmed, runs of spaces collapsed. */
export function normaliseTaxNumber(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

/** Tells whether `taxNumber` has the form of a German Steuernummer (Land or federal format). */
export function isTaxNumber(taxNumber: string): boolean {
  return TAX_NUMBER_CHARACTERS.test(taxNumber) && TAX_NUMBER_DIGIT_COUNTS.has(taxNumber.replace(/\D/g, '').length);
}

// Register types of the German Handelsregister, Genossenschafts-, Partnerschafts-, Vereins- and (since 2024)
// Gesellschaftsregister, as they appear in register numbers.
const REGISTER_TYPES: Readonly<Record<string, string>> = { HRA: 'HRA', HRB: 'HRB', GNR: 'GnR', PR: 'PR', VR: 'VR', GSR: 'GsR' };
const REGISTER_NUMBER = /^(HRA|HRB|GNR|PR|VR|GSR) ?(\d{1,6})(?: ?([A-Z]{1,2}))?$/;

/**
 * The canonical form of a register number such as "HRB 12345" or "HRB 12345 B" (the suffix some courts
 * add), or `undefined` if it is not one.
 */
export function normaliseRegisterNumber(raw: string): string | undefined {
  const match = REGISTER_NUMBER.exec(raw.trim().replace(/\s+/g, ' ').toUpperCase());
  if (!match) return undefined;
  const [, type = '', digits, suffix] = match;
  return [REGISTER_TYPES[type], digits, suffix].filter(Boolean).join(' ');
}
