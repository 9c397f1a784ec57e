import type { Address, Partner } from '../domain/partner.js';
import type { FieldError } from '../domain/partner-rules.js';
import type { DocumentPartner, DocumentPaymentTerms } from '../domain/sales-order.js';

/** Due at once without deduction (§ 271 BGB) where neither the document nor the partner says otherwise. */
export const IMMEDIATE_PAYMENT: DocumentPaymentTerms = { net_days: 0, skonto_percent: null, skonto_days: null };

/** The fields of a partner a document records; the partner as the API shows it has them all. */
export type DocumentPartnerSource = Pick<Partner, 'id' | 'number' | 'name' | 'vat_id'> & {
  addresses: readonly Pick<Address, 'type' | 'is_default' | 'country'>[];
};

/** The country of the partner's default billing address, else of its first billing address, else of its first address. */
function countryOf(partner: DocumentPartnerSource): string | undefined {
  const billing = partner.addresses.filter((address) => address.type === 'billing');
  return (billing.find((address) => address.is_default) ?? billing[0] ?? partner.addresses[0])?.country;
}

/**
 * The partner as a document records it. A document needs the country of the recipient (it decides the VAT
 * treatment); a partner without any address is refused at `pointer`, unless a document made earlier gives
 * the country (`fallbackCountry`).
 */
export function documentPartnerOf(partner: DocumentPartnerSource, pointer: string, fallbackCountry?: string): DocumentPartner | FieldError {
  const country = countryOf(partner) ?? fallbackCountry;
  if (!country)
    return { pointer, detail: `names ${partner.number}, who has no address; add a billing address first (a document must name the recipient's country).` };
  return { id: partner.id, number: partner.number, name: partner.name.slice(0, 200), vat_id: partner.vat_id, country };
}

/** The partner's payment terms, or immediate payment without any. */
export function paymentTermsOf(partner: Pick<Partner, 'payment_terms'>): DocumentPaymentTerms {
  return partner.payment_terms ? { ...partner.payment_terms } : IMMEDIATE_PAYMENT;
}
