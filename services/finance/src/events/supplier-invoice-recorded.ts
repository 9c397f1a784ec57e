import { CORE_DOCUMENT_EVENT_TYPES, CorePurchaseSupplierInvoiceRecordedV1 } from '@erp/contracts';
import { automaticPostingAccounts } from '../domain/automatic-posting-accounts.js';
import { planSupplierInvoicePosting } from '../domain/automatic-posting-purchase.js';
import type { EventBooking } from './booking.js';
import { postDocument, taxCodeFinder } from './post-document.js';

/** `erp.core.purchase.supplier_invoice_recorded.v1`: clearing or expense and input tax to the payable, and a payable open item. */
export const supplierInvoiceRecorded: EventBooking<CorePurchaseSupplierInvoiceRecordedV1> = {
  type: CORE_DOCUMENT_EVENT_TYPES.supplierInvoiceRecorded,
  schema: CorePurchaseSupplierInvoiceRecordedV1,
  documentId: (invoice) => invoice.supplier_invoice_id.toLowerCase(),
  relatedDocumentId: () => null,
  async book(trx, context, actor, invoice, chart) {
    const posting = planSupplierInvoicePosting(invoice, automaticPostingAccounts(chart), await taxCodeFinder(trx, actor.tenantId));
    return postDocument(trx, context, actor, posting);
  },
};
