import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Refuses `__schema` and `__type`, as graphql's NoSchemaIntrospectionCustomRule does, but by field name:
 * that rule's type checks fail when Mercurius validates with the other of graphql's two module builds.
 * `__typename` stays allowed; clients need it to tell types apart.
 */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    const name = node.name.value;
    if (name !== '__schema' && name !== '__type') return;
    context.reportError(
      new GraphQLError(`Introspection is switched off on this gateway (GRAPHQL_INTROSPECTION=false); the query asks for ${name}.`, { nodes: node }),
    );
  },
});
