import { Decimal } from 'decimal.js';
import { isCountryCode, isPostalCodeOf } from './countries.js';
import { checkLeitwegId, describeLeitwegIdProblem } from './leitweg-id.js';
import type { PartnerRole } from './number-series.js';
import type { Address, Contact, PartnerFields } from './partner.js';
import { isTaxNumber, normaliseRegisterNumber } from './tax-identifiers.js';
import { checkVatId, describeVatIdProblem } from './vat-id.js';

/** One broken rule, pointed at with a JSON pointer into the partner document. */
export interface FieldError {
  pointer: string;
  detail: string;
}

// ISO 4217 codes the runtime knows as current currencies (about 160, from the ICU data of Node).
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** Every rule a partner's fields break; an empty list means the partner may be saved. */
export function validatePartner(role: PartnerRole, fields: PartnerFields): FieldError[] {
  return [...identityErrors(role, fields), ...termsErrors(fields), ...contactErrors(fields.contacts), ...addressErrors(fields.addresses)];
}

function identityErrors(role: PartnerRole, fields: PartnerFields): FieldError[] {
  const errors: FieldError[] = [];
  if (fields.kind === 'company' && !fields.company_name) errors.push({ pointer: '/company_name', detail: 'is required for a company.' });
  if (fields.kind === 'person' && !fields.last_name) errors.push({ pointer: '/last_name', detail: 'is required for a person.' });
  const vatProblem = fields.vat_id ? checkVatId(fields.vat_id) : undefined;
  if (vatProblem && fields.vat_id) errors.push({ pointer: '/vat_id', detail: describeVatIdProblem(vatProblem, fields.vat_id) });
  if (fields.tax_number && !isTaxNumber(fields.tax_number)) {
    errors.push({ pointer: '/tax_number', detail: 'must be a Steuernummer of 10, 11 or 13 digits, optionally grouped with "/" or spaces.' });
  }
  const leitwegProblem = fields.leitweg_id ? checkLeitwegId(fields.leitweg_id) : undefined;
  if (leitwegProblem) errors.push({ pointer: '/leitweg_id', detail: describeLeitwegIdProblem(leitwegProblem) });
  if (fields.leitweg_id && role === 'supplier') errors.push({ pointer: '/leitweg_id', detail: 'addresses public buyers and is kept for customers only.' });
  const register = fields.commercial_register;
  if (register && normaliseRegisterNumber(register.number) !== register.number) {
    errors.push({ pointer: '/commercial_register/number', detail: 'must look like "HRB 12345" (HRA, HRB, GnR, GsR, PR or VR and up to 6 digits).' });
  }
  if (register && register.court.length < 2) errors.push({ pointer: '/commercial_register/court', detail: 'must name the register court.' });
  const tags = fields.tags.map((tag) => tag.toLowerCase());
  if (new Set(tags).size !== tags.length) errors.push({ pointer: '/tags', detail: 'must not contain the same tag twice.' });
  if (tags.some((tag) => tag.length === 0)) errors.push({ pointer: '/tags', detail: 'must not contain an empty tag.' });
  return errors;
}

function termsErrors(fields: PartnerFields): FieldError[] {
  const errors: FieldError[] = [];
  const terms = fields.payment_terms;
  if (terms && (terms.skonto_percent === null) !== (terms.skonto_days === null)) {
    errors.push({ pointer: '/payment_terms', detail: 'needs both skonto_percent and skonto_days, or neither.' });
  }
  if (terms?.skonto_percent && !new Decimal(terms.skonto_percent).greaterThan(0)) {
    errors.push({ pointer: '/payment_terms/skonto_percent', detail: 'must be greater than 0.' });
  }
  if (terms?.skonto_days !== null && terms?.skonto_days !== undefined && terms.skonto_days > terms.net_days) {
    errors.push({ pointer: '/payment_terms/skonto_days', detail: 'must not be longer than net_days.' });
  }
  if (fields.credit_limit && !CURRENCIES.has(fields.credit_limit.currency)) {
    errors.push({ pointer: '/credit_limit/currency', detail: 'must be a current ISO 4217 currency code, e.g. EUR.' });
  }
  return errors;
}

function contactErrors(contacts: Contact[]): FieldError[] {
  return contacts.flatMap((contact, index) =>
    contact.last_name || contact.email ? [] : [{ pointer: `/contacts/${index}`, detail: 'needs a last name or an e-mail address.' }],
  );
}

function addressErrors(addresses: Address[]): FieldError[] {
  const errors: FieldError[] = [];
  addresses.forEach((address, index) => {
    if (!isCountryCode(address.country)) {
      errors.push({ pointer: `/addresses/${index}/country`, detail: 'must be an ISO 3166-1 alpha-2 country code, e.g. DE.' });
    } else if (address.postal_code && !isPostalCodeOf(address.country, address.postal_code)) {
      errors.push({ pointer: `/addresses/${index}/postal_code`, detail: `is not a postal code of ${address.country}.` });
    }
  });
  for (const type of ['billing', 'shipping'] as const) {
    const defaults = addresses.filter((address) => address.type === type && address.is_default);
    if (defaults.length > 1) errors.push({ pointer: '/addresses', detail: `may mark only one ${type} address as default.` });
  }
  return errors;
}
