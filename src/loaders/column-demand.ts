import { getNamedType, isLeafType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import { CANONICAL_MODEL, type EntityName } from '../../adapters/model/canonical-model';

/**
 * Which canonical fields a request needs of each entity, from the fields its document selects:
 * statements then read only those columns (a page of lab results with three fields does not
 * fetch ten). Only entities with wide rows and no computed fields outside this table take part;
 * any other entity, or a selected field this table cannot account for, reads every column.
 */
const PRUNED: Partial<Record<EntityName, { always: readonly string[]; derived?: Record<string, readonly string[]> }>> = {
  Patient: { always: [] },
  // kind decides drgCase; admittedAt orders a patient's encounters and department pages
  Encounter: { always: ['kind', 'admittedAt'], derived: { lengthOfStay: ['kind', 'admittedAt', 'dischargedAt'] } },
  Diagnosis: { always: ['type', 'sequence'] },
  Procedure: { always: ['performedAt'] },
  Charge: { always: ['category'] },
  LabOrder: { always: ['orderedAt'] },
  LabResult: { always: [] },
  ImagingStudy: { always: ['scheduledAt'] },
};

export type ColumnDemand = (entity: EntityName) => readonly string[] | undefined;

const demands = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, ColumnDemand>>();

/**
 * The column demand of a document, worked out once per parsed document: Apollo hands every
 * request with the same text the same cached document.
 */
export function cachedColumnDemand(schema: GraphQLSchema, document: DocumentNode): ColumnDemand {
  let bySchema = demands.get(schema);
  if (!bySchema) demands.set(schema, (bySchema = new WeakMap()));
  let demand = bySchema.get(document);
  if (!demand) bySchema.set(document, (demand = columnDemand(schema, document)));
  return demand;
}

/** The fields each pruned entity needs for `document` (every operation in it: a superset is safe). */
export function columnDemand(schema: GraphQLSchema, document: DocumentNode): ColumnDemand {
  const selected = new Map<string, Set<string>>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent) return;
        let fields = selected.get(parent.name);
        if (!fields) selected.set(parent.name, (fields = new Set()));
        fields.add(node.name.value);
      },
    }),
  );
  const cache = new Map<EntityName, readonly string[] | undefined>();
  return (entity) => {
    if (!cache.has(entity)) cache.set(entity, fieldsFor(schema, entity, selected.get(entity)));
    return cache.get(entity);
  };
}

function fieldsFor(schema: GraphQLSchema, entity: EntityName, selected: Set<string> | undefined): readonly string[] | undefined {
  const rule = PRUNED[entity];
  const type = schema.getType(entity);
  if (!rule || !type || !('getFields' in type)) return undefined;
  const spec = CANONICAL_MODEL[entity];
  const canonical = Object.keys(spec.fields);
  const graphqlFields = type.getFields();
  // the key and every canonical field GraphQL does not show (links such as patientId) are always read
  const needed = new Set<string>([spec.key, ...rule.always, ...canonical.filter((name) => !(name in graphqlFields))]);
  for (const name of selected ?? []) {
    if (name.startsWith('__')) continue;
    const field = graphqlFields[name];
    if (!field) continue;
    if (canonical.includes(name)) needed.add(name);
    else if (rule.derived?.[name]) for (const dependency of rule.derived[name]) needed.add(dependency);
    // a relation resolves through a link already read; an unknown computed leaf needs everything
    else if (isLeafType(getNamedType(field.type))) return undefined;
  }
  return canonical.filter((name) => needed.has(name));
}
