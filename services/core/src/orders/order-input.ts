import type { FieldError } from '../domain/partner-rules.js';
import type { DocumentPaymentTerms } from '../domain/sales-order.js';
import { Exact } from '../domain/stock-decimal.js';

/** Why currency and exchange rate do not go together: EUR has none, every other currency needs one. */
export function currencyErrors(currency: string, exchangeRate: string | undefined): FieldError[] {
  if (currency === 'EUR' && exchangeRate !== undefined) return [{ pointer: '/exchange_rate', detail: 'must be left out for EUR, the base currency.' }];
  if (currency !== 'EUR' && exchangeRate === undefined)
    return [{ pointer: '/exchange_rate', detail: `is required for ${currency}: the units of ${currency} per euro (ECB quotation).` }];
  if (exchangeRate !== undefined && !new Exact(exchangeRate).greaterThan(0)) return [{ pointer: '/exchange_rate', detail: 'must be more than 0.' }];
  return [];
}

/** Why payment terms are not usable: Skonto percent and days together, the percent above 0 and below 100, its days within the net days. */
export function paymentTermErrors(terms: DocumentPaymentTerms): FieldError[] {
  const errors: FieldError[] = [];
  if ((terms.skonto_percent === null) !== (terms.skonto_days === null))
    errors.push({ pointer: '/payment_terms', detail: '`skonto_percent` and `skonto_days` go together: set both or neither.' });
  if (terms.skonto_percent !== null && !(new Exact(terms.skonto_percent).greaterThan(0) && new Exact(terms.skonto_percent).lessThan(100)))
    errors.push({ pointer: '/payment_terms/skonto_percent', detail: 'must be more than 0 and less than 100.' });
  if (terms.skonto_days !== null && terms.skonto_days > terms.net_days)
    errors.push({ pointer: '/payment_terms/skonto_days', detail: `must not be after the net days (${terms.net_days}).` });
  return errors;
}

/** Payment terms as stored: a Skonto percent with two places. */
export function normalisedTerms(terms: DocumentPaymentTerms): DocumentPaymentTerms {
  return { ...terms, skonto_percent: terms.skonto_percent === null ? null : new Exact(terms.skonto_percent).toFixed(2) };
}
