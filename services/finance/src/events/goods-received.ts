import { CORE_DOCUMENT_EVENT_TYPES, CorePurchaseGoodsReceivedV1 } from '@erp/contracts';
import { automaticPostingAccounts } from '../domain/automatic-posting-accounts.js';
import { planGoodsReceiptPosting } from '../domain/automatic-posting-purchase.js';
import type { EventBooking } from './booking.js';
import { postDocument } from './post-document.js';

/** `erp.core.purchase.goods_received.v1`: stock at cost against the goods-received/invoice-received clearing account. */
export const goodsReceived: EventBooking<CorePurchaseGoodsReceivedV1> = {
  type: CORE_DOCUMENT_EVENT_TYPES.goodsReceived,
  schema: CorePurchaseGoodsReceivedV1,
  documentId: (receipt) => receipt.goods_receipt_id.toLowerCase(),
  relatedDocumentId: () => null,
  async book(trx, context, actor, receipt, chart) {
    return postDocument(trx, context, actor, planGoodsReceiptPosting(receipt, automaticPostingAccounts(chart)));
  },
};
