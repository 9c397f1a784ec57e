import Type from 'typebox';

const Flag = (fallback: 'true' | 'false') => Type.Union([Type.Literal('true'), Type.Literal('false')], { default: fallback });

/** The gateway's GraphQL variables; spread into the `Type.Object` of config.ts. */
export const graphqlEnvProperties = {
  GRAPHQL_DEPTH_MAX: Type.Integer({ default: 8, minimum: 1, maximum: 64 }),
  GRAPHQL_COST_MAX: Type.Integer({ default: 2000, minimum: 1, maximum: 1_000_000 }),
  GRAPHQL_QUERY_MAX_BYTES: Type.Integer({ default: 10_000, minimum: 100, maximum: 1_000_000 }),
  GRAPHQL_TOKENS_MAX: Type.Integer({ default: 1000, minimum: 50, maximum: 100_000 }),
  GRAPHQL_INTROSPECTION: Flag('true'),
  GRAPHQL_IDE: Flag('false'),
};

export interface GraphqlConfig {
  /** Deepest nesting of fields a query may have (introspection fields not counted). */
  readonly graphqlDepthMax: number;
  /** Highest estimated cost of a query; list fields multiply their items' cost by their `limit`. */
  readonly graphqlCostMax: number;
  /** Longest query text in bytes (UTF-8). */
  readonly graphqlQueryMaxBytes: number;
  /** Most lexical tokens a query may have; validation time grows with their square in the worst case. */
  readonly graphqlTokensMax: number;
  readonly graphqlIntrospection: boolean;
  /** Serves GraphiQL at `/graphiql`. */
  readonly graphqlIde: boolean;
}

/** Maps the parsed variables of {@link graphqlEnvProperties}. */
export function toGraphqlConfig(parsed: {
  GRAPHQL_DEPTH_MAX: number;
  GRAPHQL_COST_MAX: number;
  GRAPHQL_QUERY_MAX_BYTES: number;
  GRAPHQL_TOKENS_MAX: number;
  GRAPHQL_INTROSPECTION: string;
  GRAPHQL_IDE: string;
}): GraphqlConfig {
  return {
    graphqlDepthMax: parsed.GRAPHQL_DEPTH_MAX,
    graphqlCostMax: parsed.GRAPHQL_COST_MAX,
    graphqlQueryMaxBytes: parsed.GRAPHQL_QUERY_MAX_BYTES,
    graphqlTokensMax: parsed.GRAPHQL_TOKENS_MAX,
    graphqlIntrospection: parsed.GRAPHQL_INTROSPECTION === 'true',
    graphqlIde: parsed.GRAPHQL_IDE === 'true',
  };
}
