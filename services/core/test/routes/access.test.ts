import type { Permission } from '@erp/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Partner } from '../../src/domain/partner.js';
import type { Product } from '../../src/domain/product.js';
import {
  ALL_PERMISSIONS,
  buildTestApp,
  type Client,
  clientOf,
  companyInput,
  createPartner,
  createProduct,
  footprint,
  personInput,
  productInput,
  type TestCore,
} from '../helpers.js';

let core: TestCore;
let owner: Client;
let intruder: Client;
let customer: Partner;
let supplier: Partner;
let product: Product;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
  owner = await clientOf(core);
  intruder = await clientOf(core);
  customer = await createPartner(owner, personInput());
  supplier = await createPartner(owner, companyInput(), '/api/v1/suppliers');
  product = await createProduct(owner, productInput());
});
afterAll(() => core.close());

const ID = '00000000-0000-4000-8000-000000000001';

/** Every route of one role's resource, with the permission it needs and a body it accepts. */
function routesOf(path: string, read: Permission, write: Permission) {
  return [
    { method: 'GET', url: path, permission: read },
    { method: 'GET', url: `${path}/${ID}`, permission: read },
    { method: 'POST', url: path, permission: write, payload: companyInput() },
    { method: 'PATCH', url: `${path}/${ID}`, permission: write, payload: { notes: 'x' }, headers: { 'if-match': '*' } },
    { method: 'POST', url: `${path}/${ID}/archive`, permission: write },
    { method: 'POST', url: `${path}/${ID}/restore`, permission: write },
    { method: 'GET', url: `${path}/${ID}/history`, permission: read },
    { method: 'GET', url: `${path}/${ID}/gdpr-export`, permission: read },
    { method: 'POST', url: `${path}/${ID}/erase`, permission: write },
    { method: 'POST', url: `${path}/import`, permission: write, payload: 'company_name\nA GmbH\n', headers: { 'content-type': 'text/csv' } },
  ] as const;
}

const PRODUCT_ROUTES = [
  { method: 'GET', url: '/api/v1/products', permission: 'core.products:read' },
  { method: 'GET', url: `/api/v1/products/${ID}`, permission: 'core.products:read' },
  { method: 'POST', url: '/api/v1/products', permission: 'core.products:write', payload: productInput() },
  { method: 'PATCH', url: `/api/v1/products/${ID}`, permission: 'core.products:write', payload: { name: 'x' }, headers: { 'if-match': '*' } },
  { method: 'POST', url: `/api/v1/products/${ID}/archive`, permission: 'core.products:write' },
  { method: 'POST', url: `/api/v1/products/${ID}/restore`, permission: 'core.products:write' },
  { method: 'GET', url: `/api/v1/products/${ID}/history`, permission: 'core.products:read' },
] as const;

const ROUTES = [
  ...routesOf('/api/v1/customers', 'core.customers:read', 'core.customers:write'),
  ...routesOf('/api/v1/suppliers', 'core.suppliers:read', 'core.suppliers:write'),
  ...PRODUCT_ROUTES,
];
const ALL: Permission[] = ALL_PERMISSIONS;

describe('authentication and permissions', () => {
  it.each(ROUTES)('should answer 401 to $method $url without a token', async (route) => {
    const response = await core.app.inject({
      method: route.method,
      url: route.url,
      payload: 'payload' in route ? route.payload : undefined,
      headers: 'headers' in route ? route.headers : {},
    });

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.json()).toMatchObject({ code: 'KIT_UNAUTHENTICATED' });
  });

  it.each(ROUTES)('should answer 403 to $method $url for a token with every permission but $permission', async (route) => {
    const client = await clientOf(
      core,
      ALL.filter((permission) => permission !== route.permission),
    );

    const response = await client.send(route.method, route.url, 'payload' in route ? route.payload : undefined, 'headers' in route ? route.headers : {});

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'KIT_FORBIDDEN', detail: expect.stringContaining(route.permission) });
  });

  it('should answer 401 to an expired token', async () => {
    const token = await core.tokens.bearer({ tenantId: owner.tenantId, permissions: ALL, ttlS: -60 });

    const response = await core.app.inject({ method: 'GET', url: '/api/v1/customers', headers: { authorization: token } });

    expect(response.statusCode).toBe(401);
  });
});

describe('tenant isolation', () => {
  it.each([
    ['GET', ''],
    ['PATCH', ''],
    ['POST', '/archive'],
    ['POST', '/restore'],
    ['GET', '/history'],
    ['GET', '/gdpr-export'],
    ['POST', '/erase'],
  ] as const)("should answer 404 to another tenant's %s /customers/:id%s and change nothing", async (method, suffix) => {
    const before = await footprint(core, owner.tenantId);

    const response = await intruder.send(method, `/api/v1/customers/${customer.id}${suffix}`, method === 'PATCH' ? { first_name: 'Mallory' } : undefined, {
      'if-match': '*',
    });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'CORE_PARTNER_NOT_FOUND' });
    expect(await footprint(core, owner.tenantId)).toEqual(before);
  });

  it("should not list another tenant's customers, even when searching for them", async () => {
    const response = await intruder.send('GET', `/api/v1/customers?archived=all&q=${customer.last_name}`);

    expect(response.json()).toEqual({ items: [], next_cursor: null });
  });

  it("should not let an import match another tenant's customer by number or USt-IdNr", async () => {
    const company = await createPartner(owner, companyInput());
    const before = await footprint(core, owner.tenantId);

    const response = await intruder.send('POST', '/api/v1/customers/import?dry_run=false&on_error=skip', `number,email\n${customer.number},x@evil.example\n`, {
      'content-type': 'text/csv',
    });
    const byVatId = await intruder.send('POST', '/api/v1/customers/import?dry_run=false', `vat_id,company_name\n${company.vat_id},Evil GmbH\n`, {
      'content-type': 'text/csv',
    });

    expect(response.json().results[0]).toMatchObject({ status: 'rejected', errors: [{ column: 'number' }] });
    expect(byVatId.json().results[0]).toMatchObject({ status: 'created', number: 'K10001' });
    expect(await footprint(core, owner.tenantId)).toEqual(before);
  });

  it.each([
    ['GET', '', undefined],
    ['PATCH', '', { name: 'Mallory', net_price: { amount: '0', currency: 'EUR' } }],
    ['POST', '/archive', undefined],
    ['POST', '/restore', undefined],
    ['GET', '/history', undefined],
  ] as const)("should answer 404 to another tenant's %s /products/:id%s and change nothing", async (method, suffix, payload) => {
    const before = await footprint(core, owner.tenantId);

    const response = await intruder.send(method, `/api/v1/products/${product.id}${suffix}`, payload, { 'if-match': '*' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'CORE_PRODUCT_NOT_FOUND' });
    expect(await footprint(core, owner.tenantId)).toEqual(before);
    expect((await owner.send('GET', `/api/v1/products/${product.id}`)).json()).toEqual(product);
  });

  it("should not list another tenant's products, even when searching for them", async () => {
    const response = await intruder.send('GET', `/api/v1/products?archived=all&q=${product.sku}`);

    expect(response.json()).toEqual({ items: [], next_cursor: null });
  });

  it('should not find a supplier under /customers or a customer under /suppliers', async () => {
    const asCustomer = await owner.send('GET', `/api/v1/customers/${supplier.id}`);
    const asSupplier = await owner.send('GET', `/api/v1/suppliers/${customer.id}`);

    expect([asCustomer.statusCode, asSupplier.statusCode]).toEqual([404, 404]);
  });
});
