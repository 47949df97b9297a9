import { isObjectType, type GraphQLSchema } from 'graphql';

export type SensitiveCategory = 'IDENTITY' | 'CLINICAL' | 'FINANCIAL';

/** Type.field → category, for every field the schema marks `@sensitive(category: …)`. */
export function sensitiveFields(schema: GraphQLSchema): Map<string, SensitiveCategory> {
  const found = new Map<string, SensitiveCategory>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const directive = field.astNode?.directives?.find((d) => d.name.value === 'sensitive');
      const argument = directive?.arguments?.find((a) => a.name.value === 'category');
      if (argument && argument.value.kind === 'EnumValue') found.set(`${type.name}.${field.name}`, argument.value.value as SensitiveCategory);
    }
  }
  return found;
}
