import { checkGtin, describeGtinProblem, normaliseGtin } from './gtin.js';
import type { FieldChange } from './partner-patch.js';
import type { FieldError } from './partner-rules.js';
import { isProductUnit, type Money, PRODUCT_FIELD_NAMES, type ProductFields } from './product.js';

type Nullable<Value> = Value | null | undefined;

/** A product as a client sends it: every field optional; `null` clears an optional field. */
export type ProductPatch = {
  [Field in keyof ProductFields]?: null extends ProductFields[Field] ? Nullable<NonNullable<ProductFields[Field]>> : ProductFields[Field] | undefined;
};

// ISO 4217 codes the runtime knows as current currencies (about 160, from the ICU data of Node).
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

function trimmed(value: Nullable<string>): string | null | undefined {
  if (value === undefined || value === null) return value;
  const text = value.trim();
  return text === '' ? null : text;
}

function money(value: Nullable<Money>): Money | null | undefined {
  return value ? { amount: value.amount, currency: value.currency.toUpperCase() } : value;
}

/** The normalised patch: text trimmed (blank clears), GTIN without spaces and hyphens, currencies upper-cased. */
function normalisePatch(patch: ProductPatch): ProductPatch {
  const gtin = trimmed(patch.gtin);
  return {
    ...patch,
    sku: patch.sku?.trim(),
    name: patch.name?.trim(),
    unit: patch.unit?.trim().toUpperCase(),
    description: trimmed(patch.description),
    gtin: gtin ? normaliseGtin(gtin) : gtin,
    net_price: money(patch.net_price) ?? undefined,
    purchase_price: money(patch.purchase_price),
    tags: patch.tags?.map((tag) => tag.trim()),
  };
}

/** A product's fields with a client's patch applied: fields named in the patch replace the old values. */
export function applyProductPatch(current: ProductFields, patch: ProductPatch): ProductFields {
  const normalised = normalisePatch(patch);
  const next: Record<string, unknown> = { ...current };
  for (const field of PRODUCT_FIELD_NAMES) if (normalised[field] !== undefined) next[field] = normalised[field];
  return next as unknown as ProductFields;
}

/** The fields of a new product from a client's create body, which the schema has checked for the required fields. */
export function toNewProductFields(input: ProductPatch & Pick<ProductFields, 'sku' | 'name' | 'unit' | 'kind' | 'net_price' | 'vat_rate'>): ProductFields {
  const empty: ProductFields = {
    ...input,
    description: null,
    gtin: null,
    purchase_price: null,
    supplier_id: null,
    reorder_point: null,
    reorder_quantity: null,
    tags: [],
  };
  return applyProductPatch(empty, input);
}

/** Every rule a product's fields break (the supplier's existence is checked against the database); empty if none. */
export function validateProduct(fields: ProductFields): FieldError[] {
  const errors: FieldError[] = [];
  if (fields.sku === '') errors.push({ pointer: '/sku', detail: 'must not be blank.' });
  if (fields.name === '') errors.push({ pointer: '/name', detail: 'must not be blank.' });
  if (!isProductUnit(fields.unit))
    errors.push({ pointer: '/unit', detail: `"${fields.unit}" is not one of the units listed in the README (UN/ECE Rec. 20 codes).` });
  const gtinProblem = fields.gtin ? checkGtin(fields.gtin) : undefined;
  if (gtinProblem && fields.gtin) errors.push({ pointer: '/gtin', detail: describeGtinProblem(gtinProblem, fields.gtin) });
  for (const [field, price] of [
    ['net_price', fields.net_price],
    ['purchase_price', fields.purchase_price],
  ] as const) {
    if (price && !CURRENCIES.has(price.currency))
      errors.push({ pointer: `/${field}/currency`, detail: `"${price.currency}" is not a current ISO 4217 currency.` });
  }
  if (fields.kind === 'service') {
    for (const field of ['gtin', 'reorder_point', 'reorder_quantity'] as const) {
      if (fields[field] !== null) errors.push({ pointer: `/${field}`, detail: 'applies to goods only; a service is not stocked or labelled.' });
    }
  }
  const tags = fields.tags.map((tag) => tag.toLowerCase());
  if (new Set(tags).size !== tags.length) errors.push({ pointer: '/tags', detail: 'must not contain the same tag twice.' });
  if (tags.some((tag) => tag.length === 0)) errors.push({ pointer: '/tags', detail: 'must not contain an empty tag.' });
  return errors;
}

/** The fields that differ between two versions of a product, with old and new values. */
export function diffProduct(before: ProductFields, after: ProductFields): FieldChange[] {
  return PRODUCT_FIELD_NAMES.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field])).map((field) => ({
    field,
    old: before[field],
    new: after[field],
  }));
}

/** The changes that create a product: every set field, from nothing (`null`) to its value. */
export function productCreationChanges(fields: ProductFields): FieldChange[] {
  return PRODUCT_FIELD_NAMES.filter((field) => {
    const value = fields[field];
    return value !== null && !(Array.isArray(value) && value.length === 0);
  }).map((field) => ({ field, old: null, new: fields[field] }));
}
