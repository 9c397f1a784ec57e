import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { assertCostWithin } from '../../src/graphql/limits/cost-limit.js';
import { depthLimitRule } from '../../src/graphql/limits/depth-limit.js';
import { GRAPHQL_AREAS, mergeAreas } from '../../src/graphql/registry.js';

// Mercurius and graphql-query-complexity load graphql's CommonJS build; under vitest an `import` may load its ES
// module build, whose classes the other refuses. The running gateway has one copy; so has this test.
const { buildSchema, GraphQLObjectType, GraphQLScalarType, parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const merged = mergeAreas(GRAPHQL_AREAS);
const schema = buildSchema(merged.typeDefs);

const depthErrors = (query: string, max: number) => validate(schema, parse(query), [depthLimitRule(max)]).map((error) => error.extensions);
const costOf = (query: string, variables?: Record<string, unknown>) => {
  try {
    assertCostWithin(1, { schema, document: parse(query), variables, operationName: undefined });
    return 0;
  } catch (error) {
    return (error as { extensions: { cost: number } }).extensions.cost;
  }
};

describe('the registry of GraphQL areas', () => {
  it('should give every resolver a field of the merged schema', () => {
    const unknown = Object.entries(merged.resolvers).flatMap(([typeName, fields]) => {
      const type = schema.getType(typeName);
      // Mercurius copies a scalar's resolvers onto its type, so they must be the functions a scalar has.
      const scalarFunctions = { serialize: true, parseValue: true, parseLiteral: true };
      const known = type instanceof GraphQLObjectType ? type.getFields() : type instanceof GraphQLScalarType ? scalarFunctions : {};
      return Object.keys(fields)
        .filter((field) => !(field in known))
        .map((field) => `${typeName}.${field}`);
    });

    expect(unknown).toEqual([]);
  });

  it('should refuse two areas that resolve the same field', () => {
    const area = (name: string) => ({ name, typeDefs: '', resolvers: { Query: { me: () => null } } });

    expect(() => mergeAreas([area('auth'), area('core')])).toThrow('GraphQL area core resolves Query.me, which another area already resolves');
  });
});

describe('depthLimitRule', () => {
  it('should count each level of fields and report depth and limit', () => {
    expect(depthErrors('{ auditLog { items { actor { id } } } }', 4)).toEqual([]);
    expect(depthErrors('{ auditLog { items { actor { id } } } }', 3)).toEqual([{ code: 'GRAPHQL_DEPTH_LIMIT', status: 400, depth: 4, max: 3 }]);
  });

  it('should measure each operation of a document on its own', () => {
    const document = 'query Deep { auditLog { items { actor { id } } } } query Flat { me { id } }';

    expect(depthErrors(document, 3)).toHaveLength(1);
  });

  it('should measure a fragment spread a thousand times once, and survive a fragment that spreads itself', () => {
    const spreads = Array.from({ length: 1000 }, (_, i) => `a${i}: users { ...Page }`).join(' ');
    const started = performance.now();

    const errors = depthErrors(`{ ${spreads} } fragment Page on UserPage { items { id } }`, 2);
    const cyclic = depthErrors('{ users { ...Page } } fragment Page on UserPage { ...Page items { id } }', 8);

    expect(errors.map((error) => error.depth)).toEqual([3]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(cyclic).toEqual([]);
  });
});

describe('assertCostWithin', () => {
  it('should multiply a list by its limit, from an argument, a variable or the default', () => {
    expect(costOf('{ users(limit: 10) { items { id email } } }')).toBe(40);
    expect(costOf('query ($n: Int!) { users(limit: $n) { items { id } } }', { n: 7 })).toBe(21);
    expect(costOf('{ users { items { id } } }')).toBe(150);
  });

  it("should multiply nested lists by both limits, as a customer's history inside a page of customers", () => {
    expect(costOf('{ customers(limit: 10) { items { history(limit: 5) { items { id } } } } }')).toBe((1 + 1 + (1 + 1 + 1) * 5) * 10);
    expect(costOf('{ transactions(limit: 20) { items { lines { debit account { name } } } } }')).toBe((1 + 1 + 1 + 1 + 2) * 20);
  });

  it('should charge 1 per field elsewhere, and the stated cost for mutations', () => {
    expect(costOf('{ me { id email } }')).toBe(3);
    expect(costOf('mutation { enableUser(id: "x") { id } }')).toBe(11);
  });
});
