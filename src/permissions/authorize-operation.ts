import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import type { AccessPolicy } from './access-policy';
import { ARGUMENT_GUARDS, type Access, type DataClass } from './permission-model';
import { entryType } from './field-classes';
import { ruleFor, type RuleTree, type ShieldContext } from './rule-tree';

/**
 * The authorization pass, run once per request before execution (as Apollo Router does for
 * `@requiresScopes`): every field the operation selects is decided by its graphql-shield rule,
 * once, and every argument that selects rows by a sensitive field is checked against the rule
 * for reading that field — a filter is a read.
 */
export interface OperationDecisions {
  /** Type.field → access for this request; a field that is not here was not selected (shared: read only) */
  fields: ReadonlyMap<string, Access>;
  /** arguments that filter by a field the viewer may not read in clear */
  refusedArguments: { argument: string; dataClass: DataClass; access: Access }[];
  /** searches over patient data: root lists and lookups with their arguments, for the audit trail */
  searches: { coordinate: string; entityType: string; args: Record<string, unknown>; sensitivePaths: Set<string> }[];
}

/** root fields whose arguments select patients' rows: their use is recorded as a search */
const SEARCHED_TYPES = new Set(['Patient', 'Encounter', 'LabOrder', 'ImagingStudy', 'DrgCase']);

export async function authorizeOperation(
  schema: GraphQLSchema,
  tree: RuleTree,
  policy: AccessPolicy,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | undefined,
): Promise<OperationDecisions> {
  const refusedArguments: OperationDecisions['refusedArguments'] = [];
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  const variables = coerced.coerced ?? {};

  const searches: OperationDecisions['searches'] = [];
  const checkInput = (path: string, type: GraphQLInputType, value: unknown, valuePath: string, sensitivePaths: Set<string>) => {
    if (value === null || value === undefined) return;
    const guard = ARGUMENT_GUARDS[path];
    if (guard) sensitivePaths.add(valuePath);
    if (guard && policy.access(guard) !== 'clear') refusedArguments.push({ argument: path, dataClass: guard, access: policy.access(guard) });
    const named = getNullableType(type);
    if (isListType(named)) {
      for (const item of value as unknown[]) checkInput(path, named.ofType as GraphQLInputType, item, valuePath, sensitivePaths);
      return;
    }
    const input = getNamedType(type);
    if (isInputObjectType(input)) {
      for (const [key, field] of Object.entries(input.getFields())) checkInput(`${input.name}.${key}`, field.type, (value as Record<string, unknown>)[key], `${valuePath}.${key}`, sensitivePaths);
    }
  };

  const shape = analyze(schema, document, operation);
  const fields = await decideFields(tree, policy, shape);
  for (const { coordinate, parent, field, node } of shape.withArguments) {
    // Invalid variables fail the execution itself, so nothing is read without this check.
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(field, node, variables);
    } catch {
      continue;
    }
    const sensitivePaths = new Set<string>();
    for (const arg of field.args) checkInput(`${coordinate}(${arg.name})`, arg.type, values[arg.name], arg.name, sensitivePaths);
    const entityType = entryType(getNamedType(field.type)).name;
    if (parent === 'Query' && SEARCHED_TYPES.has(entityType)) searches.push({ coordinate, entityType, args: values, sensitivePaths });
  }
  return { fields, refusedArguments, searches };
}

/**
 * The access to every field the operation selects. The class rules read nothing of the request
 * but `policy.access`, which is one function per combination of roles (access-policy.ts), so the
 * decisions are remembered per rule tree, operation and that function: a dashboard's repeated
 * request under the same roles skips the rules. Departments and grants do not enter here; they
 * are the row scope's.
 */
async function decideFields(tree: RuleTree, policy: AccessPolicy, shape: OperationShape): Promise<ReadonlyMap<string, Access>> {
  let byShape = decided.get(tree);
  if (!byShape) decided.set(tree, (byShape = new WeakMap()));
  let byAccess = byShape.get(shape);
  if (!byAccess) byShape.set(shape, (byAccess = new WeakMap()));
  const known = byAccess.get(policy.access);
  if (known) return known;
  const shieldContext: ShieldContext = { policy, _shield: { cache: {} } };
  const options = { debug: false, allowExternalErrors: false, fallbackRule: ruleFor(tree, '', ''), hashFunction: () => '' };
  const fields = new Map<string, Access>();
  for (const coordinate of shape.coordinates) {
    const [type, field] = coordinate.split('.') as [string, string];
    const allowed = await ruleFor(tree, type, field).resolve({}, {}, shieldContext as never, {} as never, options as never);
    const dataClass = tree.classes.get(coordinate);
    fields.set(coordinate, allowed === true && dataClass ? policy.access(dataClass) : 'none');
  }
  byAccess.set(policy.access, fields);
  return fields;
}

const decided = new WeakMap<RuleTree, WeakMap<OperationShape, WeakMap<AccessPolicy['access'], ReadonlyMap<string, Access>>>>();

/** what an operation selects, independent of the viewer and the variables */
interface OperationShape {
  /** Type.field of every field selected (introspection fields aside) */
  coordinates: ReadonlySet<string>;
  /** the selected fields that take arguments, with their nodes (their values depend on the variables) */
  withArguments: readonly { coordinate: string; parent: string; field: GraphQLField<unknown, unknown>; node: FieldNode }[];
}

const shapes = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, OperationShape>>();

/**
 * The operation's shape, walked once per parsed document: Apollo hands every request with the
 * same text the same cached document, so a dashboard's repeated request skips the walk.
 */
function analyze(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): OperationShape {
  let bySchema = shapes.get(schema);
  if (!bySchema) shapes.set(schema, (bySchema = new WeakMap()));
  const known = bySchema.get(operation);
  if (known) return known;
  const coordinates = new Set<string>();
  const withArguments: OperationShape['withArguments'][number][] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    { kind: Kind.DOCUMENT, definitions: document.definitions.filter((d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION) },
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field || node.name.value.startsWith('__')) return;
        const coordinate = `${parent.name}.${field.name}`;
        coordinates.add(coordinate);
        if (field.args.length > 0) withArguments.push({ coordinate, parent: parent.name, field, node });
      },
    }),
  );
  const shape = { coordinates, withArguments };
  bySchema.set(operation, shape);
  return shape;
}
