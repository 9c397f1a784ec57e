import { Decimal } from 'decimal.js';

/** The languages findings, reasons and reports are worded in. */
export type Language = 'de' | 'en';

/** A text in both languages, chosen by the caller's language. */
export type Wording = Readonly<Record<Language, string>>;

/** An exact amount in the language's notation: 1.234,56 (de) or 1,234.56 (en). */
export function formatAmount(amount: string | number, language: Language): string {
  const [whole = '0', cents = '00'] = new Decimal(amount).toFixed(2).split('.');
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, language === 'de' ? '.' : ',');
  return `${negative ? '-' : ''}${grouped}${language === 'de' ? ',' : '.'}${cents}`;
}

/** A share as a percentage with no decimals: 0.823 → "82 %" (de) or "82%" (en). */
export function formatPercent(share: number, language: Language): string {
  const percent = Math.round(share * 100);
  return language === 'de' ? `${percent} %` : `${percent}%`;
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
