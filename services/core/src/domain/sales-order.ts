import { type DocumentTotals, documentTotals, type TaxCategory, toPlain } from './document-totals.js';
import { salesTaxTreatment, type TaxParty } from './document-totals-category.js';
import { buildOrderLines, lineQuantityProblem } from './order-lines.js';
import type { FieldError } from './partner-rules.js';
import type { Product } from './product.js';
import type { SalesOrderAction, SalesOrderStatus, SalesProgress } from './sales-order-states.js';
import { Exact } from './stock-decimal.js';

/** The customer or supplier of a document as it was when the document was made (the contract's `CoreDocumentPartner`). */
export interface DocumentPartner {
  id: string;
  number: string;
  name: string;
  vat_id: string | null;
  country: string;
}

export interface DocumentPaymentTerms {
  net_days: number;
  skonto_percent: string | null;
  skonto_days: number | null;
}

/** A line of a sales document as the client sends it. */
export interface SalesLineInput {
  product_id: string;
  quantity: string;
  unit_price?: string | undefined;
  discount_percent?: string | undefined;
  description?: string | undefined;
}

export interface SalesLine {
  line_no: number;
  id: string;
  product_id: string;
  sku: string;
  description: string;
  unit: string;
  kind: Product['kind'];
  quantity: string;
  unit_price: string;
  discount_percent: string;
  vat_rate: string;
  tax_category: TaxCategory;
  net_amount: string;
  delivered_quantity: string;
  invoiced_quantity: string;
}

export interface DeliverySummary {
  id: string;
  number: string;
  delivered_at: string;
  lines: { line_no: number; quantity: string; movement_ids: string[] }[];
}

/** A quote or sales order as the API shows it. */
export interface SalesOrder {
  id: string;
  number: string;
  status: SalesOrderStatus;
  allowed_actions: SalesOrderAction[];
  customer: DocumentPartner;
  currency: string;
  exchange_rate: string | null;
  payment_terms: DocumentPaymentTerms;
  warehouse_id: string | null;
  customer_reference: string | null;
  notes: string | null;
  lines: SalesLine[];
  totals: DocumentTotals;
  deliveries: DeliverySummary[];
  invoices: { id: string; kind: 'invoice' | 'credit_note'; number: string; issue_date: string; gross: string }[];
  cancel_reason: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  accepted_at: string | null;
  confirmed_at: string | null;
  cancelled_at: string | null;
}

const DISCOUNT_MAX = new Exact(100);

function unitPriceOf(input: SalesLineInput, product: Product, currency: string, pointer: string): string | FieldError {
  if (input.unit_price !== undefined) return toPlain(input.unit_price);
  if (product.net_price.currency === currency) return toPlain(product.net_price.amount);
  return {
    pointer: `${pointer}/unit_price`,
    detail: `is required: product ${product.sku} is priced in ${product.net_price.currency}, the document in ${currency}.`,
  };
}

function lineErrors(input: SalesLineInput, product: Product | undefined, pointer: string): FieldError[] {
  if (!product) return [{ pointer: `${pointer}/product_id`, detail: 'is not a product of this company.' }];
  const errors: FieldError[] = [];
  if (product.archived_at) errors.push({ pointer: `${pointer}/product_id`, detail: `names product ${product.sku}, which is archived; restore it first.` });
  const quantity = lineQuantityProblem(input.quantity, product.unit);
  if (quantity) errors.push({ pointer: `${pointer}/quantity`, detail: quantity });
  if (input.discount_percent !== undefined && new Exact(input.discount_percent).greaterThan(DISCOUNT_MAX))
    errors.push({ pointer: `${pointer}/discount_percent`, detail: 'must be at most 100.' });
  return errors;
}

/**
 * The lines of a new sales document, numbered from 1: each product must exist and not be archived; the unit
 * price defaults to the product's net price (when in the document's currency), the description to its name,
 * the discount to 0; the VAT category and rate follow from the product and the customer. Every broken rule
 * is returned at once, with a pointer into the client's `lines`.
 */
export function buildSalesLines(
  inputs: readonly SalesLineInput[],
  products: ReadonlyMap<string, Product>,
  customer: TaxParty,
  currency: string,
  newId: () => string,
): { lines: SalesLine[] } | { errors: FieldError[] } {
  return buildOrderLines(
    inputs,
    products,
    {
      problems: lineErrors,
      unitPrice: (input, product, pointer) => unitPriceOf(input, product, currency, pointer),
      discountPercent: (input) => toPlain(input.discount_percent ?? '0'),
      complete: (base, _input, product, discountPercent) => {
        const treatment = salesTaxTreatment(customer, { kind: product.kind, vatRate: product.vat_rate });
        return {
          ...base,
          kind: product.kind,
          discount_percent: discountPercent,
          vat_rate: treatment.rate,
          tax_category: treatment.category,
          delivered_quantity: '0',
          invoiced_quantity: '0',
        };
      },
    },
    newId,
  );
}

/** The totals of sales lines: net per category and rate, tax per group, gross. */
export function salesTotals(lines: readonly Pick<SalesLine, 'tax_category' | 'vat_rate' | 'net_amount'>[]): DocumentTotals {
  return documentTotals(lines.map((line) => ({ taxCategory: line.tax_category, vatRate: line.vat_rate, netAmount: line.net_amount })));
}

/** Whether every line is delivered, and invoiced, in full. */
export function salesProgress(lines: readonly Pick<SalesLine, 'quantity' | 'delivered_quantity' | 'invoiced_quantity'>[]): SalesProgress {
  return {
    fullyDelivered: lines.every((line) => new Exact(line.delivered_quantity).equals(line.quantity)),
    fullyInvoiced: lines.every((line) => new Exact(line.invoiced_quantity).equals(line.quantity)),
  };
}
