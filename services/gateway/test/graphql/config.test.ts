import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const required = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' };

describe('loadConfig for GraphQL', () => {
  it('should allow introspection, serve no GraphiQL and apply the documented limits when nothing is set', () => {
    const config = loadConfig(required);

    expect(config).toMatchObject({
      graphqlDepthMax: 8,
      graphqlCostMax: 2000,
      graphqlQueryMaxBytes: 10_000,
      graphqlTokensMax: 1000,
      graphqlIntrospection: true,
      graphqlIde: false,
    });
  });

  it('should take the GRAPHQL_ variables as given', () => {
    const config = loadConfig({
      ...required,
      GRAPHQL_DEPTH_MAX: '5',
      GRAPHQL_COST_MAX: '300',
      GRAPHQL_QUERY_MAX_BYTES: '4000',
      GRAPHQL_TOKENS_MAX: '400',
      GRAPHQL_INTROSPECTION: 'false',
      GRAPHQL_IDE: 'true',
    });

    expect(config).toMatchObject({
      graphqlDepthMax: 5,
      graphqlCostMax: 300,
      graphqlQueryMaxBytes: 4000,
      graphqlTokensMax: 400,
      graphqlIntrospection: false,
      graphqlIde: true,
    });
  });
});
