import { GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { GraphqlDepthLimitError } from '../../errors.js';

/**
 * Refuses an operation whose fields nest deeper than `max` levels (`{ me { id } }` is 2), fragments
 * counted where they are spread. `ofType` does not count: it only walks a wrapped type (`[User!]!`) down to
 * its named type, whose `ofType` is null, so the standard introspection query stays within a small limit
 * while `fields { type { fields ... } }` still counts every level.
 */
export function depthLimitRule(max: number): ValidationRule {
  return (context) => {
    // Depth of each fragment's own selections, so that fragments spread many times are measured once.
    const fragmentDepths = new Map<string, number>();
    return {
      OperationDefinition(operation) {
        const depth = selectionDepth(operation.selectionSet, context, fragmentDepths, new Set());
        if (depth <= max) return;
        const error = new GraphqlDepthLimitError(depth, max);
        context.reportError(new GraphQLError(error.detail, { nodes: [operation], extensions: { code: error.code, status: error.status, depth, max } }));
      },
    };
  };
}

function selectionDepth(selectionSet: SelectionSetNode, context: ValidationContext, fragmentDepths: Map<string, number>, visiting: Set<string>): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const own = selection.name.value === 'ofType' ? 0 : 1;
      const below = selection.selectionSet ? selectionDepth(selection.selectionSet, context, fragmentDepths, visiting) : 0;
      deepest = Math.max(deepest, own + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, context, fragmentDepths, visiting));
    } else {
      deepest = Math.max(deepest, fragmentDepth(selection.name.value, context, fragmentDepths, visiting));
    }
  }
  return deepest;
}

function fragmentDepth(name: string, context: ValidationContext, fragmentDepths: Map<string, number>, visiting: Set<string>): number {
  const known = fragmentDepths.get(name);
  if (known !== undefined) return known;
  const fragment = context.getFragment(name);
  // Unknown and cyclic fragments are refused by GraphQL's own rules; here they add nothing.
  if (!fragment || visiting.has(name)) return 0;
  visiting.add(name);
  const depth = selectionDepth(fragment.selectionSet, context, fragmentDepths, visiting);
  visiting.delete(name);
  fragmentDepths.set(name, depth);
  return depth;
}
