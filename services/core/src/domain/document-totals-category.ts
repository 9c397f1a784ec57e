import type { TaxCategory } from './document-totals.js';
import type { ProductKind, VatRate } from './product.js';

// The other 26 member states of the EU, by the ISO codes addresses use (GR for Greece, whose VAT ids start with EL).
const EU_MEMBER_STATES = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
]);

/** The other side of a document as far as VAT is concerned: where it is and whether it is a registered business abroad. */
export interface TaxParty {
  readonly country: string;
  readonly vatId: string | null;
}

export interface TaxedItem {
  readonly kind: ProductKind;
  readonly vatRate: VatRate;
}

export interface TaxTreatment {
  readonly category: TaxCategory;
  /** Percent as text. */
  readonly rate: string;
}

type Place = 'domestic' | 'eu_business' | 'third_country';

/** A buyer in another member state without USt-IdNr is taxed as at home (the OSS thresholds are not modelled). */
function placeOf(party: TaxParty): Place {
  if (party.country === 'DE') return 'domestic';
  if (EU_MEMBER_STATES.has(party.country)) return party.vatId ? 'eu_business' : 'domestic';
  return 'third_country';
}

function domestic(item: TaxedItem): TaxTreatment {
  return item.vatRate === '0' ? { category: 'E', rate: '0' } : { category: 'S', rate: item.vatRate };
}

/**
 * How a sale of the item to the customer is taxed: German VAT at the product's rate at home (`S`, or `E`
 * for a product without VAT); to a business in another member state an intra-community supply of goods
 * (`K`, § 4 Nr. 1b, § 6a UStG) or a reverse-charge service (`AE`, § 3a Abs. 2, § 13b UStG); outside the EU
 * an export of goods (`G`, § 4 Nr. 1a, § 6 UStG) or a service not taxable here (`O`). Only `S` carries a rate.
 */
export function salesTaxTreatment(customer: TaxParty, item: TaxedItem): TaxTreatment {
  const place = placeOf(customer);
  if (place === 'domestic') return domestic(item);
  if (place === 'eu_business') return { category: item.kind === 'goods' ? 'K' : 'AE', rate: '0' };
  return { category: item.kind === 'goods' ? 'G' : 'O', rate: '0' };
}

/**
 * How a purchase of the item from the supplier is taxed: input tax at the product's rate at home; from a
 * business in another member state an intra-community acquisition of goods (`K`) or a reverse-charge service
 * (`AE`), both at the German rate the buyer owes and deducts; services from outside the EU are reverse charge
 * too (§ 13b Abs. 1, 2 Nr. 1 UStG); goods from outside the EU bear import VAT at customs, not on the invoice (`O`).
 */
export function purchaseTaxTreatment(supplier: TaxParty, item: TaxedItem): TaxTreatment {
  const place = placeOf(supplier);
  if (place === 'domestic' || item.vatRate === '0') return domestic(item);
  if (place === 'eu_business') return { category: item.kind === 'goods' ? 'K' : 'AE', rate: item.vatRate };
  return item.kind === 'goods' ? { category: 'O', rate: '0' } : { category: 'AE', rate: item.vatRate };
}
