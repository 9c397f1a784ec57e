import type { ColumnType } from 'kysely';
import type { TaxCategory } from '../domain/document-totals.js';
import type { DocumentSeries } from '../domain/invoice-numbers.js';
import type { PurchaseOrderStatus } from '../domain/purchase-order-states.js';
import type { SalesOrderStatus } from '../domain/sales-order-states.js';

// The tables of sales and purchasing documents; `CoreDb` in schema.ts lists them.

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Defaulted<Value> = ColumnType<Value, Value | undefined, Value>;
/** Written by the database alone (identity columns). */
type Maintained<Value> = ColumnType<Value, never, never>;
/** `date` columns arrive as YYYY-MM-DD strings (the kit's type parsers) and are written as such. */
type Day = ColumnType<string, string, string>;
/** jsonb: read as parsed JSON, written as JSON text. */
type Json<Value> = ColumnType<Value, string, string>;

export interface DocumentSeriesTable {
  tenant_id: string;
  series: DocumentSeries;
  year: number;
  next_value: ColumnType<string, string | number, string | number>;
}

interface DocumentHeader {
  tenant_id: string;
  id: string;
  seq: Maintained<string>;
  number: string;
  currency: string;
  exchange_rate: string | null;
  payment_net_days: number;
  skonto_percent: string | null;
  skonto_days: number | null;
  notes: string | null;
  net: string;
  tax_total: string;
  gross: string;
  tax: Json<unknown>;
  cancel_reason: string | null;
  created_by: string | null;
  version: Defaulted<number>;
  created_at: CreatedAt;
  updated_at: Defaulted<Date>;
  cancelled_at: Date | null;
}

export interface SalesOrderTable extends DocumentHeader {
  status: SalesOrderStatus;
  customer_id: string;
  customer: Json<unknown>;
  warehouse_id: string | null;
  customer_reference: string | null;
  accepted_at: Date | null;
  confirmed_at: Date | null;
}

export interface SalesOrderLineTable {
  tenant_id: string;
  order_id: string;
  line_no: number;
  id: string;
  product_id: string;
  sku: string;
  description: string;
  unit: string;
  kind: 'goods' | 'service';
  quantity: string;
  unit_price: string;
  discount_percent: string;
  vat_rate: string;
  tax_category: TaxCategory;
  net_amount: string;
  delivered_quantity: Defaulted<string>;
  invoiced_quantity: Defaulted<string>;
}

export interface SalesDeliveryTable {
  tenant_id: string;
  id: string;
  number: string;
  order_id: string;
  actor_id: string | null;
  delivered_at: CreatedAt;
}

export interface SalesDeliveryLineTable {
  tenant_id: string;
  delivery_id: string;
  order_id: string;
  line_no: number;
  quantity: string;
  movement_ids: ColumnType<string[], string[], never>;
}

export interface SalesInvoiceTable {
  tenant_id: string;
  id: string;
  seq: Maintained<string>;
  kind: 'invoice' | 'credit_note';
  number: string;
  year: number;
  number_value: ColumnType<string, string, never>;
  order_id: string;
  corrected_invoice_id: string | null;
  issue_date: Day;
  due_date: Day | null;
  payment_terms: Json<unknown> | null;
  customer_id: string;
  customer: Json<unknown>;
  currency: string;
  exchange_rate: string | null;
  net: string;
  tax_total: string;
  gross: string;
  tax: Json<unknown>;
  reason: string | null;
  returned_stock: boolean;
  actor_id: string | null;
  created_at: CreatedAt;
}

export interface SalesInvoiceLineTable {
  tenant_id: string;
  invoice_id: string;
  line_no: number;
  order_id: string;
  order_line_no: number;
  corrected_line_no: number | null;
  product_id: string;
  sku: string;
  description: string;
  quantity: string;
  unit: string;
  unit_price: string;
  discount_percent: string;
  vat_rate: string;
  tax_category: TaxCategory;
  net_amount: string;
  credited_quantity: Defaulted<string>;
  credited_net: Defaulted<string>;
}

export interface PurchaseOrderTable extends DocumentHeader {
  status: PurchaseOrderStatus;
  supplier_id: string;
  supplier: Json<unknown>;
  warehouse_id: string;
  expected_on: Day | null;
  ordered_at: Date | null;
}

export interface PurchaseOrderLineTable {
  tenant_id: string;
  order_id: string;
  line_no: number;
  id: string;
  product_id: string;
  sku: string;
  description: string;
  unit: string;
  quantity: string;
  unit_price: string;
  vat_rate: string;
  tax_category: TaxCategory;
  net_amount: string;
  received_quantity: Defaulted<string>;
  invoiced_quantity: Defaulted<string>;
}

export interface GoodsReceiptTable {
  tenant_id: string;
  id: string;
  number: string;
  order_id: string;
  received_on: Day;
  total_value: string;
  actor_id: string | null;
  created_at: CreatedAt;
}

export interface GoodsReceiptLineTable {
  tenant_id: string;
  receipt_id: string;
  order_id: string;
  line_no: number;
  quantity: string;
  unit_cost: string;
  value: string;
  movement_id: string;
}

export interface SupplierInvoiceTable {
  tenant_id: string;
  id: string;
  order_id: string;
  supplier_id: string;
  supplier_invoice_number: string;
  invoice_date: Day;
  received_on: Day;
  due_date: Day;
  payment_terms: Json<unknown>;
  supplier: Json<unknown>;
  currency: string;
  exchange_rate: string | null;
  net: string;
  tax_total: string;
  gross: string;
  tax: Json<unknown>;
  actor_id: string | null;
  created_at: CreatedAt;
}

export interface SupplierInvoiceLineTable {
  tenant_id: string;
  invoice_id: string;
  line_no: number;
  order_id: string;
  order_line_no: number;
  quantity: string;
  unit_price: string;
  net_amount: string;
  vat_rate: string;
  tax_category: TaxCategory;
}

/** The tables of sales and purchasing documents, merged into `CoreDb`. */
export interface DocumentTables {
  document_series: DocumentSeriesTable;
  sales_order: SalesOrderTable;
  sales_order_line: SalesOrderLineTable;
  sales_delivery: SalesDeliveryTable;
  sales_delivery_line: SalesDeliveryLineTable;
  sales_invoice: SalesInvoiceTable;
  sales_invoice_line: SalesInvoiceLineTable;
  purchase_order: PurchaseOrderTable;
  purchase_order_line: PurchaseOrderLineTable;
  goods_receipt: GoodsReceiptTable;
  goods_receipt_line: GoodsReceiptLineTable;
  supplier_invoice: SupplierInvoiceTable;
  supplier_invoice_line: SupplierInvoiceLineTable;
}
