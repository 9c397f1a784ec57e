import { createHash } from 'node:crypto';
import { type ServiceApp, withTenant } from '@erp/kit';
import Type from 'typebox';
import { findInvoice, listInvoices } from '../db/invoices.js';
import type { SalesInvoice } from '../domain/invoice-drafts.js';
import { InvoiceNotFoundError } from '../errors.js';
import { IdParams, InvoiceList, InvoiceListQuery, InvoiceResponse } from '../orders/schemas.js';
import type { PartnerContext } from '../partners/context.js';
import { tenantOf } from './context.js';
import { SEQ_PATTERN } from './inventory-context.js';
import { ORDERS_READ } from './orders-context.js';
import { notModified } from './preconditions.js';
import { fromCursor, toCursor } from './request-checks.js';

/** An issued document never changes but for what credit notes took back from its lines, so its ETag is a digest of what it shows. */
function etagOfInvoice(invoice: SalesInvoice): string {
  return `"${createHash('sha256').update(JSON.stringify(invoice)).digest('base64url').slice(0, 22)}"`;
}

/** Issued invoices and credit notes, read-only: `/api/v1/invoices`. They are made by the order's `/invoice` and `/credit-notes`. */
export async function invoiceRoutes(app: ServiceApp, { context }: { context: PartnerContext }): Promise<void> {
  app.get('/', { schema: { querystring: InvoiceListQuery, response: { 200: InvoiceList } }, config: ORDERS_READ }, async (request) => {
    const tenantId = tenantOf(request);
    const { limit, cursor, ...filter } = request.query;
    const beforeSeq = cursor ? fromCursor(cursor, [SEQ_PATTERN])[0] : undefined;
    const page = await withTenant(context.db, tenantId, (trx) => listInvoices(trx, tenantId, filter, { limit, beforeSeq }));
    return { items: page.invoices, next_cursor: page.nextBeforeSeq ? toCursor([page.nextBeforeSeq]) : null };
  });

  app.get('/:id', { schema: { params: IdParams, response: { 200: InvoiceResponse, 304: Type.Null() } }, config: ORDERS_READ }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const invoice = await withTenant(context.db, tenantId, (trx) => findInvoice(trx, tenantId, request.params.id));
    if (!invoice) throw new InvoiceNotFoundError(request.params.id);
    const etag = etagOfInvoice(invoice);
    reply.header('etag', etag);
    return notModified(request, etag) ? reply.code(304).send(null) : invoice;
  });
}
