import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, type SeedApi } from './api.js';
import { amountAfterSkonto, type SeedOrder, type SeedPartner, type SeedPlan } from './plan.js';

/** Progress of a seed run: called after every step with what is done of the whole plan. */
export type ProgressReport = (phase: string, done: number, total: number) => void;

/** What a seed run created this time (a second run over the same tenant creates nothing). */
export interface SeedCounts {
  customers: number;
  suppliers: number;
  products: number;
  purchaseOrders: number;
  orders: number;
  invoices: number;
  creditNotes: number;
  payments: number;
}

const TAG = 'demo';
const WAREHOUSE = { code: 'HAUPT', name: 'Hauptlager' };

/**
 * Fills the logged-in user's tenant with `plan` through the API, finding what an earlier run made (partners and
 * products by their demo tag and name or SKU, documents by their reference) and finishing or adding only the
 * rest, so a run that was interrupted can simply be started again.
 */
export async function seedTenant(api: SeedApi, plan: SeedPlan, today: string, progress: ProgressReport): Promise<SeedCounts> {
  const counts: SeedCounts = { customers: 0, suppliers: 0, products: 0, purchaseOrders: 0, orders: 0, invoices: 0, creditNotes: 0, payments: 0 };
  const total = plan.suppliers.length + plan.customers.length + plan.products.length + plan.suppliers.length + plan.orders.length + 1;
  let done = 0;
  const step = (phase: string) => progress(phase, ++done, total);

  await setUpFinance(api, today);
  const suppliers = await ensurePartners(api, '/api/v1/suppliers', plan.suppliers, counts, 'suppliers', step);
  const customers = await ensurePartners(api, '/api/v1/customers', plan.customers, counts, 'customers', step);
  const products = await ensureProducts(api, plan, suppliers, counts, step);
  const warehouseId = await ensureWarehouse(api);
  await ensurePurchases(api, plan, suppliers, products, warehouseId, today, counts, step);
  const invoicesByOrder = await ensureOrders(api, plan.orders, customers, products, warehouseId, counts, step);
  await payInvoices(api, plan.orders, invoicesByOrder, today, counts);
  step('payments');
  return counts;
}

async function setUpFinance(api: SeedApi, today: string): Promise<void> {
  // 409 or 422 means it exists already (an earlier run, or the tenant set it up itself).
  await api.post('/api/v1/finance/setup', { chart: 'SKR03' }, { allow: [409, 422] });
  await api.post('/api/v1/finance/fiscal-years', { year: Number(today.slice(0, 4)) }, { allow: [409, 422] });
}

async function ensurePartners(
  api: SeedApi,
  path: string,
  partners: readonly SeedPartner[],
  counts: SeedCounts,
  kind: 'customers' | 'suppliers',
  step: (phase: string) => void,
): Promise<Map<string, string>> {
  const existing = new Map((await api.all(`${path}?tag=${TAG}`)).map((item) => [String(item.email), String(item.id)]));
  const ids = new Map<string, string>();
  for (const partner of partners) {
    let id = existing.get(partner.email);
    if (!id) {
      const created = await api.post(path, {
        kind: 'company',
        company_name: partner.company_name,
        email: partner.email,
        payment_terms: partner.payment_terms,
        tags: [TAG],
        addresses: [{ type: 'billing', is_default: true, ...partner.address }],
      });
      id = String(created.body.id);
      counts[kind] += 1;
    }
    ids.set(partner.key, id);
    step(kind);
  }
  return ids;
}

async function ensureProducts(
  api: SeedApi,
  plan: SeedPlan,
  suppliers: Map<string, string>,
  counts: SeedCounts,
  step: (phase: string) => void,
): Promise<Map<string, string>> {
  const existing = new Map((await api.all(`/api/v1/products?tag=${TAG}`)).map((item) => [String(item.sku), String(item.id)]));
  const ids = new Map<string, string>();
  for (const product of plan.products) {
    let id = existing.get(product.sku);
    if (!id) {
      const created = await api.post('/api/v1/products', {
        sku: product.sku,
        name: product.name,
        unit: product.unit,
        kind: 'goods',
        net_price: { amount: product.net_price, currency: 'EUR' },
        purchase_price: { amount: product.purchase_price, currency: 'EUR' },
        vat_rate: product.vat_rate,
        supplier_id: suppliers.get(product.supplier),
        reorder_point: product.reorder_point,
        reorder_quantity: product.reorder_quantity,
        tags: [TAG],
      });
      id = String(created.body.id);
      counts.products += 1;
    }
    ids.set(product.sku, id);
    step('products');
  }
  return ids;
}

async function ensureWarehouse(api: SeedApi): Promise<string> {
  const found = (await api.all('/api/v1/inventory/warehouses')).find((item) => String(item.code).toUpperCase() === WAREHOUSE.code);
  if (found) return String(found.id);
  return String((await api.post('/api/v1/inventory/warehouses', WAREHOUSE)).body.id);
}

/** One purchase order per supplier for the opening stock: ordered, received in full, and its invoice recorded. */
async function ensurePurchases(
  api: SeedApi,
  plan: SeedPlan,
  suppliers: Map<string, string>,
  products: Map<string, string>,
  warehouseId: string,
  today: string,
  counts: SeedCounts,
  step: (phase: string) => void,
): Promise<void> {
  const existing = new Map((await api.all('/api/v1/purchase-orders')).map((item) => [String(item.notes ?? ''), String(item.id)]));
  for (const supplier of plan.suppliers) {
    const note = `${TAG}:${supplier.key}`;
    let id = existing.get(note);
    if (!id) {
      const lines = plan.products
        .filter((product) => product.supplier === supplier.key)
        .map((product) => ({ product_id: products.get(product.sku), quantity: String(product.initial_stock) }));
      id = String(
        (await api.post('/api/v1/purchase-orders', { supplier_id: suppliers.get(supplier.key), warehouse_id: warehouseId, lines, notes: note })).body.id,
      );
      counts.purchaseOrders += 1;
    }
    const advance = async (action: string, body: unknown) => {
      const current = await api.get(`/api/v1/purchase-orders/${id}`);
      await api.post(`/api/v1/purchase-orders/${id}/${action}`, body, { ifMatch: current.etag });
    };
    const status = async () => String((await api.get(`/api/v1/purchase-orders/${id}`)).body.status);
    if ((await status()) === 'draft') await advance('order', {});
    if ((await status()) === 'ordered') await advance('receipts', {});
    if ((await status()) === 'received') await advance('supplier-invoices', { number: `LR-${supplier.key}-${today.slice(0, 4)}-001`, invoice_date: today });
    step('purchases');
  }
}

/** Creates, confirms, delivers and invoices each order, continuing where an earlier run stopped. */
async function ensureOrders(
  api: SeedApi,
  orders: readonly SeedOrder[],
  customers: Map<string, string>,
  products: Map<string, string>,
  warehouseId: string,
  counts: SeedCounts,
  step: (phase: string) => void,
): Promise<Map<string, string>> {
  const existing = new Map((await api.all('/api/v1/orders')).map((item) => [String(item.customer_reference ?? ''), String(item.id)]));
  const orderIds = new Map<string, string>();
  for (const order of orders) {
    let id = existing.get(order.reference);
    if (!id) {
      const lines = order.lines.map((line) => ({ product_id: products.get(line.sku), quantity: String(line.quantity) }));
      const body = { customer_id: customers.get(order.customer), status: 'order', warehouse_id: warehouseId, customer_reference: order.reference, lines };
      id = String((await api.post('/api/v1/orders', body)).body.id);
      counts.orders += 1;
    }
    orderIds.set(order.reference, id);
    const current = async () => api.get(`/api/v1/orders/${id}`);
    let state = await current();
    const act = async (action: string, body: unknown) => {
      await api.post(`/api/v1/orders/${id}/${action}`, body, { ifMatch: state.etag });
      state = await current();
    };
    if (state.body.status === 'order') await act('confirm', {});
    if (state.body.status === 'confirmed' || state.body.status === 'partially_delivered') await act('deliveries', {});
    if (state.body.status === 'delivered') {
      await act('invoice', {});
      counts.invoices += 1;
    }
    step('orders');
  }
  const invoices = await api.all('/api/v1/invoices');
  const invoiceOf = new Map<string, string>();
  const creditedOrders = new Set(invoices.filter((item) => item.kind === 'credit_note').map((item) => String(item.order_id)));
  for (const item of invoices) if (item.kind === 'invoice') invoiceOf.set(String(item.order_id), String(item.id));
  for (const order of orders.filter((entry) => entry.credited)) {
    const orderId = orderIds.get(order.reference) as string;
    const invoiceId = invoiceOf.get(orderId);
    if (!invoiceId || creditedOrders.has(orderId)) continue;
    const state = await api.get(`/api/v1/orders/${orderId}`);
    await api.post(
      `/api/v1/orders/${orderId}/credit-notes`,
      { invoice_id: invoiceId, reason: 'Rücksendung: Ware beschädigt', lines: [{ line_no: 1, quantity: '1' }], return_stock: true },
      { ifMatch: state.etag },
    );
    counts.creditNotes += 1;
  }
  const invoiceNumbers = new Map<string, string>();
  for (const item of invoices) if (item.kind === 'invoice') invoiceNumbers.set(String(item.order_id), String(item.number));
  return new Map([...orderIds].map(([reference, orderId]) => [reference, invoiceNumbers.get(orderId) ?? '']));
}

/**
 * Pays the open items of the invoices planned as paid, with Skonto where the item offers it. Finance opens the
 * items from core's invoiced events, a moment after invoicing: this waits up to a minute for them to appear.
 */
async function payInvoices(api: SeedApi, orders: readonly SeedOrder[], invoiceNumbers: Map<string, string>, today: string, counts: SeedCounts): Promise<void> {
  const wanted = new Set(orders.filter((order) => order.paid && !order.credited).map((order) => invoiceNumbers.get(order.reference) ?? ''));
  wanted.delete('');
  const invoiced = new Set([...invoiceNumbers.values()].filter(Boolean));
  let items: Record<string, unknown>[] = [];
  for (let attempt = 0; attempt < 60; attempt += 1) {
    items = await api.all('/api/v1/finance/open-items?kind=receivable');
    const known = new Set(items.map((item) => String(item.document_number)));
    if ([...invoiced].every((number) => known.has(number))) break;
    await sleep(1_000);
  }
  for (const item of items) {
    if (!wanted.has(String(item.document_number)) || item.status !== 'open') continue;
    const open = String(item.open_amount);
    const skonto = item.skonto as { percent: string; until: string } | null;
    const withSkonto = skonto !== null && today <= skonto.until;
    const amount = withSkonto ? amountAfterSkonto(open, (skonto as { percent: string }).percent) : open;
    try {
      await api.post(
        '/api/v1/finance/payments',
        {
          direction: 'incoming',
          bank_account: '1200',
          amount,
          payment_date: today,
          allocations: [{ open_item_id: item.id, amount, ...(withSkonto ? { skonto: true } : {}) }],
        },
        { idempotencyKey: `demo-payment-${String(item.id)}` },
      );
      counts.payments += 1;
    } catch (error) {
      // An item settled meanwhile (another run) is fine; anything else is not.
      if (!(error instanceof ApiError && error.code === 'FIN_OPEN_ITEM_CLOSED')) throw error;
    }
  }
}
