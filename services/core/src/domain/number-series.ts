/** Whether a business partner buys from the tenant (customer, Debitor) or sells to it (supplier, Kreditor). */
export type PartnerRole = 'customer' | 'supplier';

export const PARTNER_ROLES: readonly PartnerRole[] = ['customer', 'supplier'];

/** Where a tenant's number series starts: K10001 for customers, L70001 for suppliers (Lieferant). */
export interface NumberSeriesStart {
  readonly prefix: string;
  readonly first: number;
}

export const NUMBER_SERIES: Readonly<Record<PartnerRole, NumberSeriesStart>> = {
  customer: { prefix: 'K', first: 10001 },
  supplier: { prefix: 'L', first: 70001 },
};

/** A partner number from its series' prefix and the value drawn, e.g. `K10001`. */
export function formatPartnerNumber(prefix: string, value: number | string): string {
  const text = String(value);
  if (!/^[1-9]\d{0,17}$/.test(text)) throw new RangeError(`A number series value must be a positive integer, got "${text}"`);
  return `${prefix}${text}`;
}

/** The canonical form of a partner number as a client sends it: trimmed, upper case. */
export function normalisePartnerNumber(raw: string): string {
  return raw.trim().toUpperCase();
}
