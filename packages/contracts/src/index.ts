export {
  CORE_DOCUMENT_EVENT_TYPES,
  CoreDocumentPartner,
  CoreDocumentTotals,
  CoreGoodsReceiptLine,
  CoreOrderCreditNoteIssuedV1,
  CoreOrderInvoicedV1,
  CorePaymentTerms,
  CorePurchaseGoodsReceivedV1,
  CorePurchaseSupplierInvoiceRecordedV1,
  CoreSalesLine,
  CoreSupplierInvoiceLine,
  CoreTaxBreakdown,
  CoreTaxCategory,
} from './core-document-events.js';
export {
  CORE_ORDER_EVENT_TYPES,
  CORE_PARTNER_EVENT_TYPES,
  CORE_PRODUCT_EVENT_TYPES,
  CORE_STOCK_EVENT_TYPES,
  CoreOrderCancelledV1,
  CoreOrderConfirmedV1,
  CoreOrderDeliveredV1,
  CorePartner,
  CorePartnerAddress,
  CorePartnerContact,
  CorePartnerCreatedV1,
  CorePartnerErasedV1,
  CorePartnerUpdatedV1,
  CoreProduct,
  CoreProductCreatedV1,
  CoreProductUpdatedV1,
  CoreStockBelowReorderPointV1,
  CoreStockMovedV1,
  CoreStockMovement,
} from './core-events.js';
export { CloudEvent, EVENT_TYPE_PATTERN } from './events.js';
export { FINANCE_EVENT_TYPES, FinanceEntryLine, FinanceEntryPostedV1, FinanceEntryReversedV1, FinanceInvoiceOverdueV1 } from './finance-events.js';
export {
  FINANCE_INTELLIGENCE_LOADER_OPTIONS,
  FINANCE_INTELLIGENCE_METADATA,
  FINANCE_INTELLIGENCE_SERVICE,
  financeIntelligenceProtoPath,
  type GrpcBankTransaction,
  type GrpcCandidateEntry,
  type GrpcCandidateLine,
  type GrpcDraftEntry,
  type GrpcEntryFinding,
  type GrpcEntryScore,
  type GrpcExtractedInvoice,
  type GrpcIncomingInvoice,
  type GrpcOutgoing,
  type GrpcPostingProposal,
  type ScoreEntriesRequest,
  type ScoreEntriesResponse,
  type SuggestPostingsRequest,
  type SuggestPostingsResponse,
} from './grpc-finance-intelligence.js';
export { HealthCheck, HealthDocument, type HealthStatus } from './health.js';
export { ObservedService, ObserverConfig, ThresholdOverrides, Thresholds } from './observer-config.js';
export { OBSERVER_EVENT_TYPES, ObservedMetric, ObserverThresholdBreachedV1 } from './observer-events.js';
export { BUILT_IN_ROLES, type BuiltInRole, isPermission, PERMISSIONS, type Permission } from './permissions.js';
export { PROBLEM_CONTENT_TYPE, ProblemDocument, ProblemFieldError } from './problem.js';
export { getService, SERVICES, type ServiceDefinition, type ServiceName } from './services.js';
export { ACCESS_TOKEN_AUDIENCE, AccessTokenClaims } from './tokens.js';
