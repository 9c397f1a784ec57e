import { outgoingHeaders } from '@erp/kit';
import DataLoader from 'dataloader';
import type { FastifyRequest } from 'fastify';
import type { GraphQLResolveInfo } from 'graphql';
import { createServiceClient, type ServiceClient, type ServiceClientOptions } from './service-client.js';

/** What every resolver receives as its context: the services, and the DataLoaders of this one request. */
export interface GraphqlContext {
  readonly services: ServiceClient;
  /** The operation the request asked to run, if it named one. */
  readonly operationName: string | undefined;
  readonly loaders: Map<LoaderDefinition<never, unknown>, DataLoader<unknown, unknown>>;
}

/** A field resolver of an area; `source` is the parent object, already in GraphQL shape. */
// biome-ignore lint/suspicious/noExplicitAny: the source and arguments of a field are typed by the schema, not here.
export type FieldResolver = (source: any, args: any, context: GraphqlContext, info: GraphQLResolveInfo) => unknown;

/** Resolvers of an area by type name and field name, e.g. `{ Query: { users }, AuditEntry: { actor } }`. */
export type AreaResolvers = Record<string, Record<string, FieldResolver>>;

/**
 * How to load many values of one kind with as few service calls as possible. Every `load` of one request's
 * execution tick ends up in one call of `batch`, and each key is loaded once per request.
 */
export interface LoaderDefinition<Key, Value> {
  /** The values of `keys` in the same order; an Error in a key's place fails only that key. */
  batch(services: ServiceClient, keys: readonly Key[]): Promise<ReadonlyArray<Value | Error>>;
}

/** The request's DataLoader for `definition`, made on first use. */
export function loaderOf<Key, Value>(context: GraphqlContext, definition: LoaderDefinition<Key, Value>): DataLoader<Key, Value> {
  const loaders = context.loaders as unknown as Map<LoaderDefinition<Key, Value>, DataLoader<Key, Value>>;
  let loader = loaders.get(definition);
  if (!loader) {
    loader = new DataLoader<Key, Value>((keys) => definition.batch(context.services, keys));
    loaders.set(definition, loader);
  }
  return loader;
}

/**
 * The context of one GraphQL request. Calls to the services carry the caller's `Authorization` (the gateway
 * has verified it, and each service verifies it again), the request id and trace, and the client's address.
 */
export function createGraphqlContext(request: FastifyRequest, options: ServiceClientOptions, operationName?: string): GraphqlContext {
  const headers: Record<string, string> = {
    ...outgoingHeaders(request),
    'x-forwarded-for': request.ip,
    'x-forwarded-proto': request.protocol,
    'x-forwarded-host': request.hostname,
  };
  if (request.headers.authorization) headers.authorization = request.headers.authorization;
  return { services: createServiceClient(options, headers), operationName, loaders: new Map() };
}
