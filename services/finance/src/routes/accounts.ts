import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import Type from 'typebox';
import { type AccountRow, getAccount, listAccounts } from '../db/accounts.js';
import { getSettings } from '../db/settings.js';
import { accountEtag, changeAccount, createAccount } from '../ledger/accounts.js';
import { actorOf, ifMatchOf, type RouteOptions, tenantOf } from './context.js';
import { fromCursor, toCursor } from './cursor.js';
import { AccountNumber, AccountTypeSchema, ListQuery, Nullable, STRICT, TaxCodeName } from './schemas.js';

const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });
const Account = Type.Object({
  number: Type.String(),
  name: Type.String(),
  type: AccountTypeSchema,
  parent: Nullable(Type.String()),
  default_tax_code: Nullable(Type.String()),
  inactive: Type.Boolean(),
  origin: Type.Union([Type.Literal('template'), Type.Literal('custom')]),
  version: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
});
const AccountList = Type.Object({ items: Type.Array(Account), next_cursor: Nullable(Type.String()) });
const ListAccountsQuery = Type.Object({ ...ListQuery, type: Type.Optional(AccountTypeSchema), include_inactive: Type.Boolean({ default: false }) }, STRICT);
const NumberParams = Type.Object({ number: AccountNumber }, STRICT);
const CreateBody = Type.Object(
  {
    number: AccountNumber,
    name: Name,
    type: AccountTypeSchema,
    parent: Type.Optional(Nullable(AccountNumber)),
    default_tax_code: Type.Optional(Nullable(TaxCodeName)),
  },
  STRICT,
);
const UpdateBody = Type.Object(
  {
    number: Type.Optional(AccountNumber),
    name: Type.Optional(Name),
    inactive: Type.Optional(Type.Boolean()),
    parent: Type.Optional(Nullable(AccountNumber)),
    default_tax_code: Type.Optional(Nullable(TaxCodeName)),
  },
  { ...STRICT, minProperties: 1 },
);

function accountRowToAccount(row: AccountRow) {
  return {
    number: row.number,
    name: row.name,
    type: row.type,
    parent: row.parent_number,
    default_tax_code: row.default_tax_code,
    inactive: row.inactive,
    origin: row.origin,
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

const isNumberCursor = (value: unknown): value is string => typeof value === 'string' && /^[0-9]{4,8}$/.test(value);

/** The chart of accounts: list and read (finance.accounts:read), create (honouring `Idempotency-Key`) and change (finance.accounts:manage). */
export async function accountRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get(
    '/accounts',
    { config: { permission: 'finance.accounts:read' }, schema: { querystring: ListAccountsQuery, response: { 200: AccountList } } },
    async (request) => {
      const tenantId = tenantOf(request);
      const { limit, cursor, type, include_inactive: includeInactive } = request.query;
      const after = cursor ? fromCursor(cursor, isNumberCursor) : undefined;
      const page = await withTenant(context.db, tenantId, async (trx) => {
        await getSettings(trx, tenantId);
        return listAccounts(trx, tenantId, { limit, after, type, includeInactive });
      });
      return { items: page.accounts.map(accountRowToAccount), next_cursor: page.next ? toCursor(page.next) : null };
    },
  );

  app.get(
    '/accounts/:number',
    { config: { permission: 'finance.accounts:read' }, schema: { params: NumberParams, response: { 200: Account } } },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const account = await withTenant(context.db, tenantId, (trx) => getAccount(trx, tenantId, request.params.number));
      return reply.header('etag', accountEtag(account)).send(accountRowToAccount(account));
    },
  );

  app.post(
    '/accounts',
    { config: { permission: 'finance.accounts:manage' }, schema: { body: CreateBody, response: { 201: Account } } },
    async (request, reply) => {
      const { number, name, type, parent, default_tax_code: defaultTaxCode } = request.body;
      const actor = actorOf(request);
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId, now: context.clock() }, async (trx) => {
        const account = await createAccount(trx, actor, { number, name, type, parentNumber: parent ?? null, defaultTaxCode: defaultTaxCode ?? null });
        return { status: 201, body: accountRowToAccount(account), headers: { etag: accountEtag(account) } };
      });
    },
  );

  app.patch(
    '/accounts/:number',
    { config: { permission: 'finance.accounts:manage' }, schema: { params: NumberParams, body: UpdateBody, response: { 200: Account } } },
    async (request, reply) => {
      const { number, name, inactive, parent, default_tax_code: defaultTaxCode } = request.body;
      const changes = { number, name, inactive, parentNumber: parent, defaultTaxCode };
      const account = await changeAccount(context, actorOf(request), request.params.number, changes, ifMatchOf(request));
      return reply.header('etag', accountEtag(account)).send(accountRowToAccount(account));
    },
  );
}
