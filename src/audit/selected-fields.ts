import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, isAbstractType, Kind, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo, type SelectionNode, type SelectionSetNode } from 'graphql';

/** the fields a selection reads of an object type, by field name (not response key) */
export interface SelectedFields {
  byName: Map<string, FieldNode[]>;
  /** whether an @skip or @include on the way took its condition from a variable */
  variable: boolean;
}

/**
 * The fields of `type` that the selection sets of `fieldNodes` read, as graphql-js's
 * collectFields finds them: through inline fragments and fragment spreads whose condition the
 * type meets, leaving out what @skip or @include leave out for this request's variables.
 */
export function selectedFields(fieldNodes: readonly FieldNode[], type: GraphQLObjectType, info: Pick<GraphQLResolveInfo, 'fragments' | 'variableValues' | 'schema'>): SelectedFields {
  const found: SelectedFields = { byName: new Map(), variable: false };
  const visitedFragments = new Set<string>();
  const included = (node: SelectionNode) => {
    if (!node.directives?.length) return true;
    for (const directive of node.directives) {
      if ((directive.name.value === 'skip' || directive.name.value === 'include') && directive.arguments?.some((argument) => argument.value.kind === Kind.VARIABLE)) found.variable = true;
    }
    if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
  };
  const meets = (condition: string | undefined) => {
    if (condition === undefined || condition === type.name) return true;
    const conditionType = info.schema.getType(condition);
    return conditionType !== undefined && conditionType !== null && isAbstractType(conditionType) && info.schema.isSubType(conditionType, type);
  };
  const collect = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const list = found.byName.get(selection.name.value);
        if (list) list.push(selection);
        else found.byName.set(selection.name.value, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (meets(selection.typeCondition?.name.value)) collect(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = info.fragments[name];
        if (visitedFragments.has(name) || !fragment || !meets(fragment.typeCondition.name.value)) continue;
        visitedFragments.add(name);
        collect(fragment.selectionSet);
      }
    }
  };
  for (const node of fieldNodes) collect(node.selectionSet);
  return found;
}
