export type ProductKind = 'goods' | 'service';
export type VatRate = '19' | '7' | '0';

export const VAT_RATES: readonly VatRate[] = ['19', '7', '0'];

/**
 * The units a product may be sold in: UN/ECE Recommendation 20 codes, which XRechnung and ZUGFeRD
 * require in an invoice line (BT-130), with the German name a user sees.
 */
export const PRODUCT_UNITS = {
  C62: 'Stück (piece)',
  SET: 'Satz (set)',
  PR: 'Paar (pair)',
  GRM: 'Gramm',
  KGM: 'Kilogramm',
  TNE: 'Tonne',
  MMT: 'Millimeter',
  CMT: 'Zentimeter',
  MTR: 'Meter',
  KMT: 'Kilometer',
  MTK: 'Quadratmeter',
  MTQ: 'Kubikmeter',
  MLT: 'Milliliter',
  LTR: 'Liter',
  KWH: 'Kilowattstunde',
  MIN: 'Minute',
  HUR: 'Stunde (hour)',
  DAY: 'Tag',
  MON: 'Monat',
  ANN: 'Jahr',
} as const;

export type ProductUnit = keyof typeof PRODUCT_UNITS;

export function isProductUnit(code: string): code is ProductUnit {
  return Object.hasOwn(PRODUCT_UNITS, code);
}

export interface Money {
  /** Decimal string, e.g. "12.50". */
  amount: string;
  /** ISO 4217, e.g. "EUR". */
  currency: string;
}

/** Everything about a product that a client sets. */
export interface ProductFields {
  sku: string;
  name: string;
  description: string | null;
  unit: string;
  kind: ProductKind;
  net_price: Money;
  vat_rate: VatRate;
  gtin: string | null;
  purchase_price: Money | null;
  supplier_id: string | null;
  reorder_point: string | null;
  reorder_quantity: string | null;
  tags: string[];
}

export const PRODUCT_FIELD_NAMES: readonly (keyof ProductFields)[] = [
  'sku',
  'name',
  'description',
  'unit',
  'kind',
  'net_price',
  'vat_rate',
  'gtin',
  'purchase_price',
  'supplier_id',
  'reorder_point',
  'reorder_quantity',
  'tags',
];

/** A product as the API shows it. */
export interface Product extends ProductFields {
  id: string;
  version: number;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export function productFieldsOf(product: Product): ProductFields {
  return Object.fromEntries(PRODUCT_FIELD_NAMES.map((field) => [field, product[field]])) as unknown as ProductFields;
}
