import { getNamedType, isObjectType, type GraphQLField, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { ENTRY_CLASSES, FIELD_CLASSES, TYPE_CLASSES, type DataClass } from './permission-model';

/**
 * The data class of every field of the schema, from the permission model: a named field's own
 * class; a field of a page type (connection, edge) is structure; a relation takes the class of
 * the type it leads to (so `Encounter.drgCase` is financial); any other field its type's class.
 * A field that none of these covers is absent from the map, and so readable by nobody.
 */
export function classifyFields(schema: GraphQLSchema): Map<string, DataClass> {
  const classes = new Map<string, DataClass>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const dataClass = classOf(type.name, field);
      if (dataClass) classes.set(`${type.name}.${field.name}`, dataClass);
    }
  }
  return classes;
}

function classOf(typeName: string, field: GraphQLField<unknown, unknown>): DataClass | undefined {
  const named = FIELD_CLASSES[`${typeName}.${field.name}`];
  if (named) return named;
  if (isPageType(typeName)) return 'STRUCTURE';
  const target = getNamedType(field.type);
  if (isObjectType(target)) {
    const entry = entryType(target).name;
    return ENTRY_CLASSES[entry] ?? TYPE_CLASSES[entry];
  }
  return TYPE_CLASSES[typeName];
}

export function isPageType(typeName: string): boolean {
  return typeName.endsWith('Connection') || typeName.endsWith('Edge');
}

/** the type a relation leads to: a connection's node type, or the type itself */
export function entryType(type: GraphQLNamedType): GraphQLNamedType {
  if (!isObjectType(type) || !type.name.endsWith('Connection')) return type;
  const edges = type.getFields().edges;
  const edge = edges && getNamedType(edges.type);
  const node = edge && isObjectType(edge) ? edge.getFields().node : undefined;
  return node ? getNamedType(node.type) : type;
}
