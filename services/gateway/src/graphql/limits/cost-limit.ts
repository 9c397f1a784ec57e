import type { DocumentNode, GraphQLSchema } from 'graphql';
import { directiveEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { GraphqlCostLimitError, GraphqlValidationFailedError } from '../../errors.js';
import { isGraphqlError, toGraphqlError } from '../graphql-errors.js';

// A field costs 1 plus its selections unless its schema says otherwise with `@complexity(value, multipliers)`:
// a list's items are multiplied by its `limit` argument.
const ESTIMATORS = [directiveEstimator({ name: 'complexity' }), simpleEstimator({ defaultComplexity: 1 })];
// The estimator walks every field of every spread fragment; past this many it gives up (a fragment bomb).
const QUERY_NODES_MAX = 10_000;

export interface CostCheck {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

/**
 * Throws a GraphQL error with code `GRAPHQL_COST_LIMIT` when the operation's estimated cost exceeds `max`.
 * It needs the variables (a list's `limit` may be one), so it runs before execution rather than as a
 * validation rule, which would keep the parse and validation cache from working.
 */
export function assertCostWithin(max: number, check: CostCheck): void {
  let cost: number;
  try {
    cost = getComplexity({
      estimators: ESTIMATORS,
      schema: check.schema,
      query: check.document,
      variables: check.variables,
      operationName: check.operationName,
      maxQueryNodes: QUERY_NODES_MAX,
    });
  } catch (error) {
    if (!isGraphqlError(error)) throw error;
    if (/number of nodes/.test(error.message)) throw toGraphqlError(new GraphqlCostLimitError(`more than ${max}`, max));
    throw toGraphqlError(new GraphqlValidationFailedError(error.message));
  }
  if (cost > max) throw toGraphqlError(new GraphqlCostLimitError(cost, max), { cost, max });
}
