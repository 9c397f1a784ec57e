import { type AppError, appError, defineError } from '@erp/kit';
import type { PartnerRole } from './domain/number-series.js';
import type { FieldError } from './domain/partner-rules.js';

export const PartnerNotFoundError = defineError({
  code: 'CORE_PARTNER_NOT_FOUND',
  status: 404,
  title: 'Customer or supplier not found',
  detail: (role: PartnerRole, id: string) => `No ${role} with id ${id} exists in this company.`,
});

export const PartnerInvalidError = defineError({
  code: 'CORE_PARTNER_INVALID',
  status: 422,
  title: 'Customer or supplier data invalid',
  detail: (count: number) => `The data breaks ${count} rule(s); \`errors\` names each field and what to fix.`,
});

/** {@link PartnerInvalidError} with a JSON pointer per broken rule. */
export function partnerInvalid(errors: FieldError[]): AppError {
  const base = new PartnerInvalidError(errors.length);
  return appError({ code: base.code, status: base.status, title: base.title, detail: base.detail, errors });
}

export const PreconditionRequiredError = defineError({
  code: 'CORE_PRECONDITION_REQUIRED',
  status: 428,
  title: 'If-Match required',
  detail: () => 'Send If-Match with the ETag of your last read of this record (GET it first), so that no change made meanwhile is overwritten.',
});

export const PreconditionFailedError = defineError({
  code: 'CORE_PRECONDITION_FAILED',
  status: 412,
  title: 'Record changed meanwhile',
  detail: (currentEtag: string) => `The record has changed since you read it; it is now at ETag ${currentEtag}. GET it again and reapply your change.`,
});

export const PartnerArchivedError = defineError({
  code: 'CORE_PARTNER_ARCHIVED',
  status: 409,
  title: 'Record archived',
  detail: (number: string) => `${number} is archived and cannot be changed. Restore it first (POST .../restore).`,
});

export const PartnerErasedError = defineError({
  code: 'CORE_PARTNER_ERASED',
  status: 409,
  title: 'Personal data erased',
  detail: (number: string) => `The personal data of ${number} has been erased; the record can no longer be changed or restored.`,
});

export const InvalidCursorError = defineError({
  code: 'CORE_INVALID_CURSOR',
  status: 400,
  title: 'Invalid cursor',
  detail: () => 'The cursor is not one this service issued; start again without a cursor.',
});

export const ImportMediaTypeError = defineError({
  code: 'CORE_IMPORT_MEDIA_TYPE',
  status: 415,
  title: 'CSV expected',
  detail: (contentType: string) => `Content type "${contentType}" is not accepted here; send the file as the body with Content-Type: text/csv.`,
});

export const ImportTooLargeError = defineError({
  code: 'CORE_IMPORT_TOO_LARGE',
  status: 413,
  title: 'File too large',
  detail: (limitBytes: number) => `The file exceeds the import limit of ${limitBytes} bytes (IMPORT_BODY_LIMIT_BYTES); split it into smaller files.`,
});

export const ImportEncodingError = defineError({
  code: 'CORE_IMPORT_ENCODING',
  status: 422,
  title: 'File is not UTF-8',
  detail: () => 'The file is not valid UTF-8 text. Save it as "CSV UTF-8" and send it again.',
});

export const ImportMalformedError = defineError({
  code: 'CORE_IMPORT_MALFORMED',
  status: 422,
  title: 'Malformed CSV',
  detail: (reason: string) => `The file is not well-formed CSV: ${reason}`,
});

export const ImportHeaderError = defineError({
  code: 'CORE_IMPORT_HEADER',
  status: 422,
  title: 'Unusable CSV header',
  detail: (reason: string) => `The first line must name the columns: ${reason} See the README for the columns.`,
});

export const ImportTooManyRowsError = defineError({
  code: 'CORE_IMPORT_TOO_MANY_ROWS',
  status: 422,
  title: 'Too many rows',
  detail: (limit: number) => `A file may hold at most ${limit} rows; split it and import the parts one after the other.`,
});

export const ImportRejectedError = defineError({
  code: 'CORE_IMPORT_REJECTED',
  status: 422,
  title: 'Rows rejected, nothing imported',
  detail: (rejected: number) =>
    `${rejected} row(s) were rejected, so nothing was imported; \`errors\` points at each (/rows/<row number>/<column>). Fix them, or send on_error=skip to import the valid rows only.`,
});

/** {@link ImportRejectedError} with a pointer per rejected cell or row. */
export function importRejected(rejected: number, errors: FieldError[]): AppError {
  const base = new ImportRejectedError(rejected);
  return appError({ code: base.code, status: base.status, title: base.title, detail: base.detail, errors });
}

export const ProductNotFoundError = defineError({
  code: 'CORE_PRODUCT_NOT_FOUND',
  status: 404,
  title: 'Product not found',
  detail: (id: string) => `No product with id ${id} exists in this company.`,
});

export const ProductInvalidError = defineError({
  code: 'CORE_PRODUCT_INVALID',
  status: 422,
  title: 'Product data invalid',
  detail: (count: number) => `The data breaks ${count} rule(s); \`errors\` names each field and what to fix.`,
});

/** {@link ProductInvalidError} with a JSON pointer per broken rule. */
export function productInvalid(errors: FieldError[]): AppError {
  const base = new ProductInvalidError(errors.length);
  return appError({ code: base.code, status: base.status, title: base.title, detail: base.detail, errors });
}

export const ProductSkuTakenError = defineError({
  code: 'CORE_PRODUCT_SKU_TAKEN',
  status: 409,
  title: 'SKU already used',
  detail: (sku: string) => `Another product of this company already has the SKU "${sku}" (SKUs are compared ignoring case); choose another one.`,
});

export const ProductGtinTakenError = defineError({
  code: 'CORE_PRODUCT_GTIN_TAKEN',
  status: 409,
  title: 'GTIN already used',
  detail: (gtin: string) => `Another product of this company already has the GTIN ${gtin}; a GTIN identifies one trade item.`,
});

export const ProductArchivedError = defineError({
  code: 'CORE_PRODUCT_ARCHIVED',
  status: 409,
  title: 'Product archived',
  detail: (sku: string) => `Product ${sku} is archived and cannot be changed. Restore it first (POST .../restore).`,
});

export const WarehouseNotFoundError = defineError({
  code: 'CORE_WAREHOUSE_NOT_FOUND',
  status: 404,
  title: 'Warehouse not found',
  detail: (id: string) => `No warehouse with id ${id} exists in this company.`,
});

export const WarehouseCodeTakenError = defineError({
  code: 'CORE_WAREHOUSE_CODE_TAKEN',
  status: 409,
  title: 'Warehouse code already used',
  detail: (code: string) => `Another warehouse of this company already has the code "${code}" (codes are compared ignoring case); choose another one.`,
});

export const WarehouseArchivedError = defineError({
  code: 'CORE_WAREHOUSE_ARCHIVED',
  status: 409,
  title: 'Warehouse archived',
  detail: (code: string) =>
    `Warehouse ${code} is archived: it cannot be changed and no stock can move into, out of or within it. Restore it first (POST .../restore).`,
});

export const WarehouseNotEmptyError = defineError({
  code: 'CORE_WAREHOUSE_NOT_EMPTY',
  status: 409,
  title: 'Warehouse holds stock',
  detail: (code: string) => `Warehouse ${code} still holds or reserves stock; move it out (or release the reservations) before archiving the warehouse.`,
});

export const LocationNotFoundError = defineError({
  code: 'CORE_LOCATION_NOT_FOUND',
  status: 404,
  title: 'Location not found',
  detail: (id: string) => `No warehouse location with id ${id} exists in this company.`,
});

export const LocationCodeTakenError = defineError({
  code: 'CORE_LOCATION_CODE_TAKEN',
  status: 409,
  title: 'Location code already used',
  detail: (code: string, warehouseCode: string) =>
    `Warehouse ${warehouseCode} already has a location with the code "${code}" (codes are compared ignoring case); choose another one.`,
});

export const LocationArchivedError = defineError({
  code: 'CORE_LOCATION_ARCHIVED',
  status: 409,
  title: 'Location archived',
  detail: (code: string) => `Location ${code} is archived: it cannot be changed and no stock can move into or out of it. Restore it first (POST .../restore).`,
});

export const LocationNotEmptyError = defineError({
  code: 'CORE_LOCATION_NOT_EMPTY',
  status: 409,
  title: 'Location holds stock',
  detail: (code: string) => `Location ${code} still holds or reserves stock; move it elsewhere (or release the reservations) before archiving the location.`,
});

export const LocationIsDefaultError = defineError({
  code: 'CORE_LOCATION_DEFAULT',
  status: 409,
  title: 'Default location',
  detail: (code: string) => `Location ${code} is its warehouse's default location and cannot be archived; make another location the default first.`,
});

export const InventoryInvalidError = defineError({
  code: 'CORE_INVENTORY_INVALID',
  status: 422,
  title: 'Inventory data invalid',
  detail: (count: number) => `The data breaks ${count} rule(s); \`errors\` names each field and what to fix. Nothing was written.`,
});

/** {@link InventoryInvalidError} with a JSON pointer per broken rule. */
export function inventoryInvalid(errors: FieldError[]): AppError {
  const base = new InventoryInvalidError(errors.length);
  return appError({ code: base.code, status: base.status, title: base.title, detail: base.detail, errors });
}

/** Where stock was looked for, and how much of it was there and wanted. */
export interface Shortfall {
  productId: string;
  sku: string;
  unit: string;
  /** e.g. `location A-01 (…) of warehouse HAUPT` or `warehouse HAUPT (…)`. */
  place: string;
  available: string;
  requested: string;
}

export const StockInsufficientError = defineError({
  code: 'CORE_STOCK_INSUFFICIENT',
  status: 409,
  title: 'Not enough stock',
  detail: (shortfall: Shortfall) =>
    `Product ${shortfall.sku} (${shortfall.productId}) has ${shortfall.available} ${shortfall.unit} available at ${shortfall.place}, ` +
    `but ${shortfall.requested} ${shortfall.unit} were requested. Nothing was written; receive stock first or ask for less.`,
});

export const MovementNotFoundError = defineError({
  code: 'CORE_MOVEMENT_NOT_FOUND',
  status: 404,
  title: 'Stock movement not found',
  detail: (id: string) => `No stock movement with id ${id} exists in this company.`,
});

export const ReservationNotFoundError = defineError({
  code: 'CORE_RESERVATION_NOT_FOUND',
  status: 404,
  title: 'Reservation not found',
  detail: (what: string) => `No stock reservation ${what} exists in this company.`,
});

export const ReservationExistsError = defineError({
  code: 'CORE_RESERVATION_EXISTS',
  status: 409,
  title: 'Reservation exists',
  detail: (type: string, id: string, sku: string) =>
    `${type} ${id} already holds an active reservation of product ${sku}; release it first or change that reservation's reference.`,
});

export const ReservationClosedError = defineError({
  code: 'CORE_RESERVATION_CLOSED',
  status: 409,
  title: 'Reservation already closed',
  detail: (id: string, status: string) => `Reservation ${id} is already ${status}; a reservation is released or consumed only once.`,
});

export const ValuationLockedError = defineError({
  code: 'CORE_VALUATION_LOCKED',
  status: 409,
  title: 'Valuation settings fixed',
  detail: () => 'The valuation method and currency are fixed once stock has moved, because the ledger is valued with them.',
});

export const SearchForbiddenError = defineError({
  code: 'CORE_SEARCH_FORBIDDEN',
  status: 403,
  title: 'Search not allowed for these kinds',
  detail: (kinds: string) => `Your roles do not allow reading ${kinds}, so search cannot list them. Leave out \`types\` to search what you may read.`,
});

export const OrderNotFoundError = defineError({
  code: 'CORE_ORDER_NOT_FOUND',
  status: 404,
  title: 'Sales order not found',
  detail: (id: string) => `No quote or sales order with id ${id} exists in this company.`,
});

export const OrderInvalidError = defineError({
  code: 'CORE_ORDER_INVALID',
  status: 422,
  title: 'Sales document data invalid',
  detail: (count: number) => `The data breaks ${count} rule(s); \`errors\` names each field and what to fix. Nothing was written.`,
});

/** {@link OrderInvalidError} with a JSON pointer per broken rule. */
export function orderInvalid(errors: FieldError[]): AppError {
  const base = new OrderInvalidError(errors.length);
  return appError({ code: base.code, status: base.status, title: base.title, detail: base.detail, errors });
}

export const OrderTransitionInvalidError = defineError({
  code: 'CORE_ORDER_TRANSITION_INVALID',
  status: 409,
  title: 'Not possible in this state',
  detail: (number: string, status: string, action: string, allowed: readonly string[]) =>
    `${number} is ${status}, which does not allow "${action}". Allowed now: ${allowed.length > 0 ? allowed.join(', ') : 'nothing (the document is closed)'}.`,
});

export const OrderNothingToInvoiceError = defineError({
  code: 'CORE_ORDER_NOTHING_TO_INVOICE',
  status: 409,
  title: 'Nothing to invoice',
  detail: (number: string) => `Everything delivered of ${number} is already invoiced; deliver more first.`,
});

export const InvoiceNotFoundError = defineError({
  code: 'CORE_INVOICE_NOT_FOUND',
  status: 404,
  title: 'Invoice not found',
  detail: (id: string) => `No invoice or credit note with id ${id} exists in this company (for this order).`,
});

export const InvoiceFullyCreditedError = defineError({
  code: 'CORE_INVOICE_FULLY_CREDITED',
  status: 409,
  title: 'Invoice already credited',
  detail: (number: string) => `Invoice ${number} has been credited in full; nothing is left to credit.`,
});

export const PurchaseOrderNotFoundError = defineError({
  code: 'CORE_PURCHASE_ORDER_NOT_FOUND',
  status: 404,
  title: 'Purchase order not found',
  detail: (id: string) => `No purchase order with id ${id} exists in this company.`,
});

export const PurchaseOrderInvalidError = defineError({
  code: 'CORE_PURCHASE_ORDER_INVALID',
  status: 422,
  title: 'Purchase document data invalid',
  detail: (count: number) => `The data breaks ${count} rule(s); \`errors\` names each field and what to fix. Nothing was written.`,
});

/** {@link PurchaseOrderInvalidError} with a JSON pointer per broken rule. */
export function purchaseOrderInvalid(errors: FieldError[]): AppError {
  const base = new PurchaseOrderInvalidError(errors.length);
  return appError({ code: base.code, status: base.status, title: base.title, detail: base.detail, errors });
}

export const PurchaseOrderTransitionInvalidError = defineError({
  code: 'CORE_PURCHASE_ORDER_TRANSITION_INVALID',
  status: 409,
  title: 'Not possible in this state',
  detail: (number: string, status: string, action: string, allowed: readonly string[]) =>
    `${number} is ${status}, which does not allow "${action}". Allowed now: ${allowed.length > 0 ? allowed.join(', ') : 'nothing (the purchase order is closed)'}.`,
});

export const PurchaseNothingToInvoiceError = defineError({
  code: 'CORE_PURCHASE_NOTHING_TO_INVOICE',
  status: 409,
  title: 'Nothing to invoice',
  detail: (number: string) => `Everything received for ${number} is already covered by recorded supplier invoices; receive more first.`,
});

export const SupplierInvoiceDuplicateError = defineError({
  code: 'CORE_SUPPLIER_INVOICE_DUPLICATE',
  status: 409,
  title: 'Supplier invoice already recorded',
  detail: (number: string) => `An invoice numbered "${number}" of this supplier is already recorded; an invoice is booked once.`,
});

/** Every error of the core catalogue, for the README table test. */
export const CORE_ERRORS = [
  PartnerNotFoundError,
  PartnerInvalidError,
  PreconditionRequiredError,
  PreconditionFailedError,
  PartnerArchivedError,
  PartnerErasedError,
  InvalidCursorError,
  ImportMediaTypeError,
  ImportTooLargeError,
  ImportEncodingError,
  ImportMalformedError,
  ImportHeaderError,
  ImportTooManyRowsError,
  ImportRejectedError,
  ProductNotFoundError,
  ProductInvalidError,
  ProductSkuTakenError,
  ProductGtinTakenError,
  ProductArchivedError,
  WarehouseNotFoundError,
  WarehouseCodeTakenError,
  WarehouseArchivedError,
  WarehouseNotEmptyError,
  LocationNotFoundError,
  LocationCodeTakenError,
  LocationArchivedError,
  LocationNotEmptyError,
  LocationIsDefaultError,
  InventoryInvalidError,
  StockInsufficientError,
  MovementNotFoundError,
  ReservationNotFoundError,
  ReservationExistsError,
  ReservationClosedError,
  ValuationLockedError,
  SearchForbiddenError,
  OrderNotFoundError,
  OrderInvalidError,
  OrderTransitionInvalidError,
  OrderNothingToInvoiceError,
  InvoiceNotFoundError,
  InvoiceFullyCreditedError,
  PurchaseOrderNotFoundError,
  PurchaseOrderInvalidError,
  PurchaseOrderTransitionInvalidError,
  PurchaseNothingToInvoiceError,
  SupplierInvoiceDuplicateError,
];
