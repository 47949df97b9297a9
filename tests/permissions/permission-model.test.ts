import { buildSchema as buildSdl, getNamedType, getNullableType, isListType, isInputObjectType, isLeafType, isNonNullType, isObjectType, parse, getOperationAST, type GraphQLSchema } from 'graphql';
import { classifyFields } from '../../src/permissions/field-classes';
import { resolvePolicy } from '../../src/permissions/access-policy';
import { authorizeOperation } from '../../src/permissions/authorize-operation';
import { ARGUMENT_GUARDS, DATA_CLASSES, MASKS, OPEN_ARGUMENTS, ROLE_ACCESS } from '../../src/permissions/permission-model';
import { buildRuleTree } from '../../src/permissions/rule-tree';
import { ROLES } from '../../src/permissions/roles';
import { buildUnguardedSchema, loadTypeDefs } from '../../src/schema';

/**
 * Schema lint for the permission model: every field and argument of the API is placed by the
 * model, so that nothing added later can be read (or searched) by accident.
 */

const schema = buildUnguardedSchema();
/**
 * Root fields the contract declares non-null with no empty value: denied, they null the whole
 * response (with FORBIDDEN) — a request for the audit's integrity by a non-auditor, or anything
 * by a token without a known role.
 */
const CONTRACT_NON_NULL = new Set(['Query.auditIntegrity', 'Query.me', 'Query.scorecard']);
const classes = classifyFields(schema);

function objectFields(target: GraphQLSchema): string[] {
  return Object.values(target.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
    .flatMap((type) => Object.keys((type as any).getFields()).map((field) => `${type.name}.${field}`));
}

function argumentsOf(target: GraphQLSchema): string[] {
  const found: string[] = [];
  for (const type of Object.values(target.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type)) for (const field of Object.values(type.getFields())) for (const arg of field.args) found.push(`${type.name}.${field.name}(${arg.name})`);
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) found.push(`${type.name}.${field.name}`);
  }
  return found;
}

describe('the permission model covers the schema', () => {
  it('gives every field of every type a data class (a field without one is readable by nobody)', () => {
    expect(objectFields(schema).filter((coordinate) => !classes.has(coordinate))).toEqual([]);
  });

  it('places every argument and input field: guarded by a class, or declared to select by no personal value', () => {
    const placed = new Set([...Object.keys(ARGUMENT_GUARDS), ...OPEN_ARGUMENTS]);
    expect(argumentsOf(schema).filter((argument) => !placed.has(argument))).toEqual([]);
    expect([...placed].filter((argument) => !argumentsOf(schema).includes(argument))).toEqual([]);
    expect(Object.keys(ARGUMENT_GUARDS).filter((argument) => OPEN_ARGUMENTS.includes(argument))).toEqual([]);
  });

  it('denies a field added later until the model names it, by the shield fallback rule', async () => {
    const extended = buildSdl([...loadTypeDefs(), 'extend type Patient { email: String }'].join('\n'));
    const tree = buildRuleTree(extended);
    expect(tree.classes.has('Patient.email')).toBe(false);
    for (const role of ROLES) {
      const policy = resolvePolicy({ id: 'x', name: null, roles: [role], departments: ['CARD'] }, { smallCellK: 5 });
      const document = parse('{ patient(id: "1") { email gender } }');
      const decisions = await authorizeOperation(extended, tree, policy, document, getOperationAST(document)!, {});
      expect([role, decisions.fields.get('Patient.email')]).toEqual([role, 'none']);
    }
  });

  it('makes every field a role may be denied nullable (or an emptiable list or page), where that role can reach it', () => {
    const problems: string[] = [];
    for (const role of ROLES) {
      const access = ROLE_ACCESS[role];
      const seen = new Set<string>();
      const visit = (typeName: string) => {
        if (seen.has(typeName)) return;
        seen.add(typeName);
        const type = schema.getType(typeName);
        if (!isObjectType(type)) return;
        for (const field of Object.values(type.getFields())) {
          const coordinate = `${typeName}.${field.name}`;
          const dataClass = classes.get(coordinate);
          if (!dataClass || access[dataClass] === 'none') {
            // a denied field resolves to null, or to an empty list or page where the schema says non-null
            const emptiable = isListType(getNullableType(field.type)) || getNamedType(field.type).name.endsWith('Connection');
            if (isNonNullType(field.type) && !emptiable && !CONTRACT_NON_NULL.has(coordinate)) problems.push(`${role}: ${coordinate} is denied but non-null`);
            continue;
          }
          const target = getNamedType(field.type);
          if (!isLeafType(target)) visit(target.name);
        }
      };
      visit('Query');
    }
    expect(problems).toEqual([]);
  });

  it('defines a mask for every class some role reads masked, only on leaf fields', () => {
    for (const role of ROLES) {
      for (const dataClass of DATA_CLASSES) {
        if (ROLE_ACCESS[role][dataClass] !== 'masked') continue;
        expect([role, dataClass, MASKS[dataClass] !== undefined]).toEqual([role, dataClass, true]);
        for (const [coordinate, fieldClass] of classes) {
          if (fieldClass !== dataClass) continue;
          const [type, field] = coordinate.split('.') as [string, string];
          expect([coordinate, isLeafType(getNamedType((schema.getType(type) as any).getFields()[field].type))]).toEqual([coordinate, true]);
        }
      }
    }
  });
});
