import { formatAmount, type Language } from '../../intelligence/language.js';

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const DAY_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';
/** A positive amount with a dot and up to two decimals, as finance takes it. */
export const AMOUNT_PATTERN = '^(0|[1-9]\\d{0,11})(\\.\\d{1,2})?$';

/** The German or the English text. */
export function say(language: Language, german: string, english: string): string {
  return language === 'de' ? german : english;
}

/** An exact amount with its currency in the language's notation: "1.234,56 EUR" or "1,234.56 EUR". */
export function formatMoney(amount: string, currency: string, language: Language): string {
  return `${formatAmount(amount, language)} ${currency}`;
}
