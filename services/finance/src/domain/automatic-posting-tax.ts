import type { CoreTaxCategory } from '@erp/contracts';
import { Money } from './money.js';

/** Whether a document is a sale (output tax) or a purchase (input tax). */
export type DocumentDirection = 'sales' | 'purchase';

// The member states of the EU by ISO 3166-1 alpha-2 (Greece is GR there, EL only in VAT ids).
const EU = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
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

const isOtherEuCountry = (country: string) => country !== 'DE' && EU.has(country);

/** The finance tax code of a category and rate, `null` for an untaxed purchase, or why there is none. */
export type TaxCodeChoice = { readonly code: string | null } | { readonly problem: string };

function rated(rate: Money, codes: Readonly<Record<string, string>>): TaxCodeChoice {
  const code = codes[rate.toFixed(2)];
  return code ? { code } : { problem: `There is no German tax code for ${rate.toFixed(2)} %; only ${Object.keys(codes).join(' % and ')} % exist.` };
}

function untaxed(rate: Money, code: string | null): TaxCodeChoice {
  return rate.isZero() ? { code } : { problem: `This category carries no German VAT, so its rate must be 0, not ${rate.toFixed(2)} %.` };
}

function salesCode(category: CoreTaxCategory, rate: Money, country: string): TaxCodeChoice {
  switch (category) {
    case 'S':
      return rated(rate, { '19.00': 'USt19', '7.00': 'USt7' });
    case 'K':
      return untaxed(rate, 'IGL');
    case 'G':
      return untaxed(rate, 'AUSFUHR');
    case 'E':
      return untaxed(rate, 'FREI');
    case 'AE':
      // A service to a business in another EU country (Kz 21), otherwise § 13b UStG at home (Kz 60).
      return untaxed(rate, isOtherEuCountry(country) ? 'EUSL' : 'RCUMS');
    default:
      return untaxed(rate, 'NSTB');
  }
}

function purchaseCode(category: CoreTaxCategory, rate: Money, country: string): TaxCodeChoice {
  switch (category) {
    case 'S':
      return rated(rate, { '19.00': 'VSt19', '7.00': 'VSt7' });
    case 'K':
      return rated(rate, { '19.00': 'IGE19', '7.00': 'IGE7' });
    case 'AE':
      return isOtherEuCountry(country) ? rated(rate, { '19.00': 'RCEU19' }) : rated(rate, { '19.00': 'RC19', '7.00': 'RC7' });
    default:
      return untaxed(rate, null);
  }
}

/**
 * Chooses the tax code of a document's tax group from its EN 16931 category, its rate and the partner's
 * country: on a sale `S` is output tax (USt19/USt7), `K` an intra-community supply (IGL), `G` an export
 * (AUSFUHR), `E` exempt (FREI), `AE` reverse charge (EUSL to another EU country, RCUMS at home) and `O` not
 * taxable here (NSTB). On a purchase `S` is input tax (VSt19/VSt7), `K` an intra-community acquisition
 * (IGE19/IGE7), `AE` reverse charge (RCEU19 from another EU country, RC19/RC7 otherwise), and `E`, `G`, `O`
 * carry no tax code.
 */
export function taxCodeForCategory(direction: DocumentDirection, category: CoreTaxCategory, rate: string, partnerCountry: string): TaxCodeChoice {
  const percent = new Money(rate);
  return direction === 'sales' ? salesCode(category, percent, partnerCountry) : purchaseCode(category, percent, partnerCountry);
}
