import { getNamedType, GraphQLError, isObjectType, Kind, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { ErrorCode } from '../errors';

/**
 * When the audit store cannot record a response's sensitive accesses, the response still goes
 * out — without them: every sensitive value is replaced by null (sensitive fields are nullable,
 * a lint test checks it), and each such field gets one AUDIT_UNAVAILABLE error at the path of its
 * first occurrence. Runs only on that failure path, so it costs nothing otherwise.
 */
export function withholdSensitive(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  data: Record<string, unknown>,
  sensitive: ReadonlySet<string>,
): GraphQLError[] {
  const errors = new Map<string, GraphQLError>();
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) return [];

  const walk = (value: unknown, type: GraphQLObjectType, selections: SelectionSetNode, path: (string | number)[]) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, type, selections, [...path, i]));
      return;
    }
    const object = value as Record<string, unknown>;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(object, type, selection.selectionSet, path);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(object, type, fragment.selectionSet, path);
        continue;
      }
      const key = selection.alias?.value ?? selection.name.value;
      const field = type.getFields()[selection.name.value];
      if (!field || !(key in object)) continue;
      const coordinate = `${type.name}.${field.name}`;
      if (sensitive.has(coordinate)) {
        if (object[key] !== null && !errors.has(coordinate)) {
          errors.set(
            coordinate,
            new GraphQLError(`${coordinate} is withheld: the audit trail could not record this access, and sensitive data never leaves without its record. Retry shortly.`, {
              path: [...path, key],
              extensions: { code: ErrorCode.AUDIT_UNAVAILABLE, field: coordinate },
            }),
          );
        }
        object[key] = null;
        continue;
      }
      const target = getNamedType(field.type);
      if (isObjectType(target) && selection.selectionSet) walk(object[key], target, selection.selectionSet, [...path, key]);
    }
  };
  walk(data, root, operation.selectionSet, []);
  return [...errors.values()];
}
