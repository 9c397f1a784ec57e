import type { AreaResolvers } from './context.js';
import { authResolvers } from './resolvers/auth.js';
import { coreResolvers } from './resolvers/core.js';
import { financeResolvers } from './resolvers/finance.js';
import { scalarResolvers } from './scalars.js';
import { authTypeDefs } from './schema/auth.js';
import { baseTypeDefs } from './schema/base.js';
import { coreTypeDefs } from './schema/core.js';
import { financeTypeDefs } from './schema/finance.js';

/** One area of the schema: types that extend `Query` and `Mutation`, and their resolvers. */
export interface GraphqlArea {
  readonly name: string;
  readonly typeDefs: string;
  readonly resolvers: AreaResolvers;
}

/** Every area the gateway's GraphQL schema covers; a new service's area is one more entry. */
export const GRAPHQL_AREAS: readonly GraphqlArea[] = [
  { name: 'auth', typeDefs: authTypeDefs, resolvers: authResolvers },
  { name: 'core', typeDefs: coreTypeDefs, resolvers: coreResolvers },
  { name: 'finance', typeDefs: financeTypeDefs, resolvers: financeResolvers },
];

/** The whole schema's SDL and resolvers; two areas resolving the same field stop the start. */
export function mergeAreas(areas: readonly GraphqlArea[]): { typeDefs: string; resolvers: AreaResolvers } {
  const resolvers: AreaResolvers = {};
  for (const area of [{ name: 'base', typeDefs: '', resolvers: scalarResolvers }, ...areas]) {
    for (const [typeName, fields] of Object.entries(area.resolvers)) {
      const merged = resolvers[typeName] ?? {};
      resolvers[typeName] = merged;
      for (const [fieldName, resolve] of Object.entries(fields)) {
        if (merged[fieldName]) throw new Error(`GraphQL area ${area.name} resolves ${typeName}.${fieldName}, which another area already resolves`);
        merged[fieldName] = resolve;
      }
    }
  }
  return { typeDefs: [baseTypeDefs, ...areas.map((area) => area.typeDefs)].join('\n'), resolvers };
}
