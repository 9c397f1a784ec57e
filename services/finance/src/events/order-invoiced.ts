import { CORE_DOCUMENT_EVENT_TYPES, CoreOrderInvoicedV1 } from '@erp/contracts';
import { automaticPostingAccounts } from '../domain/automatic-posting-accounts.js';
import { planInvoicePosting } from '../domain/automatic-posting-sales.js';
import type { EventBooking } from './booking.js';
import { postDocument, taxCodeFinder } from './post-document.js';

/** `erp.core.order.invoiced.v1`: receivable to revenue and output tax, and a receivable open item. */
export const orderInvoiced: EventBooking<CoreOrderInvoicedV1> = {
  type: CORE_DOCUMENT_EVENT_TYPES.orderInvoiced,
  schema: CoreOrderInvoicedV1,
  documentId: (invoice) => invoice.invoice_id.toLowerCase(),
  relatedDocumentId: () => null,
  async book(trx, context, actor, invoice, chart) {
    const posting = planInvoicePosting(invoice, automaticPostingAccounts(chart), await taxCodeFinder(trx, actor.tenantId));
    return postDocument(trx, context, actor, posting);
  },
};
