import type { FastifyInstance } from 'fastify';
import type { ValidationRule } from 'graphql';
import mercurius from 'mercurius';
import type { GraphqlConfig } from './config.js';
import type { GraphqlContext } from './context.js';
import { formatExecutionErrors } from './format-errors.js';
import { graphiqlRoutes } from './ide.js';
import { assertCostWithin } from './limits/cost-limit.js';
import { depthLimitRule } from './limits/depth-limit.js';
import { noIntrospectionRule } from './limits/introspection.js';
import { GRAPHQL_AREAS, mergeAreas } from './registry.js';
import { graphqlRoutes } from './routes.js';
import type { ServiceClientOptions } from './service-client.js';

export interface GraphqlPluginOptions {
  config: GraphqlConfig;
  /** How resolvers reach the services: the gateway's upstream resolver, timeout and retries. */
  services: ServiceClientOptions;
}

/**
 * GraphQL at `/graphql` over the schema of every area in the registry, with Mercurius as the engine (parse
 * and validation cache, execution) and the gateway's own routes around it, so that errors, limits and
 * authentication follow the gateway's rules. Register it encapsulated: its error handler is for `/graphql` only.
 */
export async function graphqlPlugin(app: FastifyInstance, options: GraphqlPluginOptions): Promise<void> {
  const { config } = options;
  const { typeDefs, resolvers } = mergeAreas(GRAPHQL_AREAS);
  const validationRules: ValidationRule[] = [depthLimitRule(config.graphqlDepthMax)];
  if (!config.graphqlIntrospection) validationRules.push(noIntrospectionRule);
  await app.register(mercurius, {
    schema: typeDefs,
    resolvers,
    routes: false,
    validationRules,
    // Within the byte limit a document could still hold enough tokens to make validation slow: checking that
    // fields of one name can be merged is quadratic in their number.
    graphql: { parseOptions: { maxTokens: config.graphqlTokensMax } },
    errorFormatter: formatExecutionErrors,
  });
  app.graphql.addHook('preExecution', async (schema, document, context, variables) => {
    const { operationName } = context as unknown as GraphqlContext;
    assertCostWithin(config.graphqlCostMax, { schema, document, variables, operationName });
  });
  await app.register(graphqlRoutes, { services: options.services, queryMaxBytes: config.graphqlQueryMaxBytes, tokensMax: config.graphqlTokensMax });
  if (config.graphqlIde) await app.register(graphiqlRoutes, { endpoint: '/graphql' });
}
