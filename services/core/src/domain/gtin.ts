/** Why a GTIN is not one. */
export type GtinProblem = 'not-digits' | 'length' | 'check-digit';

const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

/** The GTIN as stored: spaces and hyphens (as printed under a barcode) removed. */
export function normaliseGtin(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/**
 * The GS1 check digit of a GTIN's other digits: from the right, the digits are weighted 3, 1, 3, …, and the
 * check digit tops their sum up to the next multiple of ten (GS1 General Specifications, 7.9.1).
 */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let index = 0; index < body.length; index += 1) {
    const digit = body.charCodeAt(body.length - 1 - index) - 48;
    sum += index % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** What is wrong with a normalised GTIN-8, -12 (UPC-A), -13 (EAN) or -14, or `undefined` if it is valid. */
export function checkGtin(gtin: string): GtinProblem | undefined {
  if (!/^\d+$/.test(gtin)) return 'not-digits';
  if (!GTIN_LENGTHS.has(gtin.length)) return 'length';
  return gtinCheckDigit(gtin.slice(0, -1)) === Number(gtin.at(-1)) ? undefined : 'check-digit';
}

/** A sentence for the API saying what is wrong. */
export function describeGtinProblem(problem: GtinProblem, gtin: string): string {
  if (problem === 'not-digits') return 'must consist of digits only (spaces and hyphens are ignored).';
  if (problem === 'length') return `has ${gtin.length} digits; a GTIN has 8, 12, 13 or 14.`;
  return `has a wrong check digit (expected ${gtinCheckDigit(gtin.slice(0, -1))}); check it for a typing error.`;
}
