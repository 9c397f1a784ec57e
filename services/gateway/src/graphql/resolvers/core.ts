import { type AreaResolvers, type GraphqlContext, loaderOf } from '../context.js';
import type { ServiceCall } from '../service-client.js';
import { usersById } from './auth.js';
import { withQuery } from './auth-shapes.js';
import {
  ARCHIVED_QUERY,
  historyRestToHistory,
  type Partner,
  type PartnerRole,
  partnerInputToRest,
  partnerRestToPartner,
  type RestHistoryEntry,
  type RestPartner,
} from './core-shapes.js';

interface ListArgs {
  limit: number;
  cursor?: string | null;
  q?: string | null;
  tag?: string | null;
  archived: string;
}

const collection = (role: PartnerRole) => `/api/v1/${role}s`;
const recordPath = (role: PartnerRole, id: string, action = '') => `${collection(role)}/${encodeURIComponent(id)}${action}`;

async function callPartner(context: GraphqlContext, role: PartnerRole, call: ServiceCall): Promise<Partner> {
  return partnerRestToPartner(role, await context.services.call<RestPartner>('core', call));
}

/** The queries and mutations of one role; customers and suppliers have the same REST resources. */
function partnerResolvers(role: PartnerRole, plural: string, singular: string) {
  const query = {
    [plural]: async (_source: unknown, args: ListArgs, context: GraphqlContext) => {
      const params = { limit: args.limit, cursor: args.cursor, q: args.q, tag: args.tag, archived: ARCHIVED_QUERY[args.archived] };
      const page = await context.services.call<{ items: RestPartner[]; next_cursor: string | null }>('core', {
        method: 'GET',
        path: withQuery(collection(role), params),
      });
      return { items: page.items.map((partner) => partnerRestToPartner(role, partner)), nextCursor: page.next_cursor };
    },
    [singular]: (_source: unknown, args: { id: string }, context: GraphqlContext) =>
      callPartner(context, role, { method: 'GET', path: recordPath(role, args.id) }),
  };
  const name = singular.charAt(0).toUpperCase() + singular.slice(1);
  const ifMatch = (value: string | null | undefined) => (value ? { 'if-match': value } : undefined);
  const mutation = {
    [`create${name}`]: (_source: unknown, args: { input: Record<string, unknown>; idempotencyKey?: string | null }, context: GraphqlContext) =>
      callPartner(context, role, {
        method: 'POST',
        path: collection(role),
        body: partnerInputToRest(args.input),
        headers: args.idempotencyKey ? { 'idempotency-key': args.idempotencyKey } : undefined,
      }),
    [`update${name}`]: (_source: unknown, args: { id: string; ifMatch: string; patch: Record<string, unknown> }, context: GraphqlContext) =>
      callPartner(context, role, { method: 'PATCH', path: recordPath(role, args.id), body: partnerInputToRest(args.patch), headers: ifMatch(args.ifMatch) }),
    [`archive${name}`]: (_source: unknown, args: { id: string; ifMatch?: string | null }, context: GraphqlContext) =>
      callPartner(context, role, { method: 'POST', path: recordPath(role, args.id, '/archive'), headers: ifMatch(args.ifMatch) }),
    [`restore${name}`]: (_source: unknown, args: { id: string; ifMatch?: string | null }, context: GraphqlContext) =>
      callPartner(context, role, { method: 'POST', path: recordPath(role, args.id, '/restore'), headers: ifMatch(args.ifMatch) }),
  };
  return { query, mutation };
}

async function history(partner: Partner, args: { limit: number; cursor?: string | null }, context: GraphqlContext) {
  const path = withQuery(recordPath(partner.role, partner.id, '/history'), { limit: args.limit, cursor: args.cursor });
  const page = await context.services.call<{ items: RestHistoryEntry[]; next_cursor: string | null }>('core', { method: 'GET', path });
  return { items: page.items.map(historyRestToHistory), nextCursor: page.next_cursor };
}

const customers = partnerResolvers('customer', 'customers', 'customer');
const suppliers = partnerResolvers('supplier', 'suppliers', 'supplier');

export const coreResolvers: AreaResolvers = {
  Query: { ...customers.query, ...suppliers.query },
  Mutation: { ...customers.mutation, ...suppliers.mutation },
  Customer: { history },
  Supplier: { history },
  PartnerHistoryEntry: {
    actor: (entry: { actorId: string | null }, _args, context) => (entry.actorId === null ? null : loaderOf(context, usersById).load(entry.actorId)),
  },
};
