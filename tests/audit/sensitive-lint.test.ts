import { getNamedType, isNonNullType, isObjectType, type GraphQLOutputType } from 'graphql';
import { sensitiveFields } from '../../src/audit/sensitive-fields';
import { classifyFields } from '../../src/permissions/field-classes';
import { IDENTITY_CLASSES, type DataClass } from '../../src/permissions/permission-model';
import { buildUnguardedSchema } from '../../src/schema';

/**
 * What must be audited is declared in the schema with @sensitive, and the permission model says
 * which fields are of a kind that must be: identity, results and free text, money.
 */
const schema = buildUnguardedSchema();
const marked = sensitiveFields(schema);
const classes = classifyFields(schema);

function requiredCategory(coordinate: string, dataClass: DataClass): string | undefined {
  if (IDENTITY_CLASSES.includes(dataClass)) return 'IDENTITY';
  if (dataClass === 'CLINICAL_RESULT' || dataClass === 'CLINICAL_TEXT') return 'CLINICAL';
  if (dataClass === 'FINANCIAL') {
    const [type, field] = coordinate.split('.') as [string, string];
    const fieldType = (schema.getType(type) as any).getFields()[field].type;
    // amounts of money (costs, charges, settlements) must be marked; codes and dates need not
    if (getNamedType(fieldType as GraphQLOutputType).name === 'Float' && /amount|cost|settlement/i.test(field)) return 'FINANCIAL';
  }
  return undefined;
}

describe('@sensitive in the schema', () => {
  it('marks every identity field, result, report text and amount of money with its category', () => {
    const missing: string[] = [];
    for (const [coordinate, dataClass] of classes) {
      const category = requiredCategory(coordinate, dataClass);
      if (!category) continue;
      const type = coordinate.split('.')[0]!;
      if (!isObjectType(schema.getType(type))) continue;
      const field = (schema.getType(type) as any).getFields()[coordinate.split('.')[1]!];
      if (getNamedType(field.type as GraphQLOutputType).name.endsWith('Connection') || isObjectType(getNamedType(field.type as GraphQLOutputType))) continue;
      if (marked.get(coordinate) !== category) missing.push(`${coordinate} needs @sensitive(category: ${category})`);
    }
    expect(missing).toEqual([]);
    expect(marked.size).toBeGreaterThanOrEqual(19);
  });

  it('keeps every sensitive field nullable, so that it can be withheld when its record cannot be written', () => {
    const nonNull = [...marked.keys()].filter((coordinate) => {
      const [type, field] = coordinate.split('.') as [string, string];
      return isNonNullType((schema.getType(type) as any).getFields()[field].type);
    });
    expect(nonNull).toEqual([]);
  });
});
