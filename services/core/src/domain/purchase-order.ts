import { type DocumentTotals, documentTotals, type TaxCategory, toPlain } from './document-totals.js';
import { purchaseTaxTreatment, type TaxParty } from './document-totals-category.js';
import { buildOrderLines, lineQuantityProblem } from './order-lines.js';
import type { FieldError } from './partner-rules.js';
import type { Product } from './product.js';
import type { PurchaseOrderAction, PurchaseOrderStatus, PurchaseProgress } from './purchase-order-states.js';
import type { DocumentPartner, DocumentPaymentTerms } from './sales-order.js';
import { Exact } from './stock-decimal.js';

export interface PurchaseLineInput {
  product_id: string;
  quantity: string;
  unit_price?: string | undefined;
  description?: string | undefined;
}

export interface PurchaseLine {
  line_no: number;
  id: string;
  product_id: string;
  sku: string;
  description: string;
  unit: string;
  quantity: string;
  /** The net purchase price per unit, at most four places; goods are received at this cost unless a receipt says otherwise. */
  unit_price: string;
  vat_rate: string;
  tax_category: TaxCategory;
  net_amount: string;
  received_quantity: string;
  invoiced_quantity: string;
}

export interface GoodsReceipt {
  id: string;
  number: string;
  received_on: string;
  total_value: string;
  lines: { line_no: number; quantity: string; unit_cost: string; value: string; movement_id: string }[];
  created_at: string;
}

export interface SupplierInvoiceSummary {
  id: string;
  supplier_invoice_number: string;
  invoice_date: string;
  due_date: string;
  gross: string;
}

/** A purchase order (Bestellung) as the API shows it. */
export interface PurchaseOrder {
  id: string;
  number: string;
  status: PurchaseOrderStatus;
  allowed_actions: PurchaseOrderAction[];
  supplier: DocumentPartner;
  currency: string;
  exchange_rate: string | null;
  payment_terms: DocumentPaymentTerms;
  warehouse_id: string;
  expected_on: string | null;
  notes: string | null;
  lines: PurchaseLine[];
  totals: DocumentTotals;
  receipts: GoodsReceipt[];
  supplier_invoices: SupplierInvoiceSummary[];
  cancel_reason: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  ordered_at: string | null;
  cancelled_at: string | null;
}

function unitPriceOf(input: PurchaseLineInput, product: Product, currency: string, pointer: string): string | FieldError {
  if (input.unit_price !== undefined) return toPlain(input.unit_price);
  if (product.purchase_price && product.purchase_price.currency === currency) return toPlain(product.purchase_price.amount);
  return { pointer: `${pointer}/unit_price`, detail: `is required: product ${product.sku} has no purchase price in ${currency}.` };
}

function lineErrors(input: PurchaseLineInput, product: Product | undefined, pointer: string): FieldError[] {
  if (!product) return [{ pointer: `${pointer}/product_id`, detail: 'is not a product of this company.' }];
  const errors: FieldError[] = [];
  if (product.archived_at) errors.push({ pointer: `${pointer}/product_id`, detail: `names product ${product.sku}, which is archived; restore it first.` });
  if (product.kind === 'service')
    errors.push({ pointer: `${pointer}/product_id`, detail: `names the service ${product.sku}; purchase orders receive goods into stock.` });
  const quantity = lineQuantityProblem(input.quantity, product.unit);
  if (quantity) errors.push({ pointer: `${pointer}/quantity`, detail: quantity });
  return errors;
}

/**
 * The lines of a new purchase order, numbered from 1: goods of the tenant that are not archived; the unit
 * price defaults to the product's purchase price (when in the order's currency), the description to its name;
 * the VAT category and rate follow from the product and the supplier. Every broken rule at once.
 */
export function buildPurchaseLines(
  inputs: readonly PurchaseLineInput[],
  products: ReadonlyMap<string, Product>,
  supplier: TaxParty,
  currency: string,
  newId: () => string,
): { lines: PurchaseLine[] } | { errors: FieldError[] } {
  return buildOrderLines(
    inputs,
    products,
    {
      problems: lineErrors,
      unitPrice: (input, product, pointer) => unitPriceOf(input, product, currency, pointer),
      discountPercent: () => '0',
      complete: (base, _input, product) => {
        const treatment = purchaseTaxTreatment(supplier, { kind: product.kind, vatRate: product.vat_rate });
        return { ...base, vat_rate: treatment.rate, tax_category: treatment.category, received_quantity: '0', invoiced_quantity: '0' };
      },
    },
    newId,
  );
}

export function purchaseTotals(lines: readonly Pick<PurchaseLine, 'tax_category' | 'vat_rate' | 'net_amount'>[]): DocumentTotals {
  return documentTotals(lines.map((line) => ({ taxCategory: line.tax_category, vatRate: line.vat_rate, netAmount: line.net_amount })));
}

export function purchaseProgress(lines: readonly Pick<PurchaseLine, 'quantity' | 'received_quantity' | 'invoiced_quantity'>[]): PurchaseProgress {
  return {
    fullyReceived: lines.every((line) => new Exact(line.received_quantity).equals(line.quantity)),
    fullyInvoiced: lines.every((line) => new Exact(line.invoiced_quantity).equals(line.quantity)),
  };
}
