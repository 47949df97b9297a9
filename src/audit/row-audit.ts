import { defaultFieldResolver, getNamedType, isObjectType, type FieldNode, type GraphQLFieldConfig, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context';
import { selectedFields } from './selected-fields';
import { sensitiveFields } from './sensitive-fields';

/**
 * A field that hands rows of a type with @sensitive fields to its selection: the rows are its
 * value (a relation, a root field), or the nodes of the edges it returns (a connection's edges).
 */
export interface RowProducer {
  /** the type of the rows, whose @sensitive fields the audit records */
  rowType: string;
  /** the rows are `node` of each edge the field returns */
  throughEdges: boolean;
}

/**
 * Every field that hands rows of an audited type to its selection, by coordinate (`Type.field`).
 * A connection's edges are the producer of its rows, rather than each edge's `node`, so that a
 * page of rows costs one call and not one per row.
 */
export function rowProducers(schema: GraphQLSchema, sensitive: ReadonlyMap<string, unknown> = sensitiveFields(schema)): Map<string, RowProducer> {
  const audited = new Set([...sensitive.keys()].map((coordinate) => coordinate.slice(0, coordinate.indexOf('.'))));
  const edgeNode = (type: GraphQLObjectType) => {
    const node = type.getFields().node;
    return node && !node.resolve && audited.has(getNamedType(node.type).name) ? getNamedType(node.type).name : undefined;
  };
  const producers = new Map<string, RowProducer>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    for (const [fieldName, field] of Object.entries(type.getFields())) {
      const target = getNamedType(field.type);
      if (!isObjectType(target)) continue;
      const throughEdge = edgeNode(target);
      if (throughEdge) producers.set(`${type.name}.${fieldName}`, { rowType: throughEdge, throughEdges: true });
      else if (audited.has(target.name) && !(fieldName === 'node' && edgeNode(type))) producers.set(`${type.name}.${fieldName}`, { rowType: target.name, throughEdges: false });
    }
  }
  return producers;
}

/**
 * notes the rows of a producer's resolved value, with the @sensitive fields their selection reads;
 * `linked`: the patient of rows that do not name their own, from the parent row that does
 */
export type RowNote = (value: unknown, context: GatewayContext, info: GraphQLResolveInfo, linked?: string) => void;

/**
 * For each row producer, how the rows it serves note, in the request's audit collector, the
 * @sensitive fields their selection reads: what the guards of those fields would note one value
 * at a time, noted once per batch of rows a producer serves. Only for a schema whose @sensitive
 * leaves every viewer of it reads in clear (GuardedExecutor's lean schema): the notes say
 * ALLOWED. The leaves then keep their own resolvers, which graphql-jit inlines as property
 * reads. On the nested list of bench scenario (a) (PostgreSQL, scale 1, execution alone), notes
 * per row instead of guards on its five @sensitive leaves took it from 103–104 to 92 ms after a
 * full collection (which drops the guards' optimized code) and from 74–75 to 67–70 ms in steady
 * state. Batches instead of a call per row, with the patient of results given by their order
 * instead of linked through a WeakMap, took the audit's own CPU on a director's list of 8,122
 * rows from 2.5–3.9 to 1.7–2.8 ms. The guards of relations take their producer's note
 * (permissions/field-guards.ts); other producers, a connection's edges, are wrapped by withRowNote.
 */
export function rowNotes(schema: GraphQLSchema): Map<string, RowNote> {
  const sensitive = sensitiveFields(schema);
  const producers = rowProducers(schema, sensitive);
  const notes = new Map<string, RowNote>();
  for (const [coordinate, { rowType, throughEdges }] of producers) {
    const fieldsRead = sensitiveFieldsRead(rowType, throughEdges, sensitive);
    notes.set(coordinate, (value, context, info, linked) => {
      const fields = fieldsRead(info);
      if (fields.length > 0) context.audit.noteRows(rowType, rowsOf(value, throughEdges), fields, linked);
    });
  }
  return notes;
}

/** a field whose resolver notes the rows it serves */
export function withRowNote(field: GraphQLFieldConfig<unknown, GatewayContext>, note: RowNote): GraphQLFieldConfig<unknown, GatewayContext> {
  const resolve: GraphQLFieldResolver<unknown, GatewayContext> = field.resolve ?? defaultFieldResolver;
  const noting: GraphQLFieldResolver<unknown, GatewayContext> = (source, args, context, info) => {
    const value = resolve(source, args, context, info);
    if (!(value instanceof Promise)) {
      note(value, context, info);
      return value;
    }
    return value.then((rows) => {
      note(rows, context, info);
      return rows;
    });
  };
  return { ...field, resolve: noting };
}

type Row = Record<string, unknown>;

/** the rows in a producer's value: the value, the items of its lists, or each edge's node */
function rowsOf(value: unknown, throughEdges: boolean, rows: Row[] = []): Row[] {
  if (Array.isArray(value)) {
    for (const item of value) rowsOf(item, throughEdges, rows);
    return rows;
  }
  if (value === null || typeof value !== 'object') return rows;
  const row = throughEdges ? (value as { node?: unknown }).node : value;
  if (row !== null && typeof row === 'object') rows.push(row as Row);
  return rows;
}

/**
 * The @sensitive fields of the rows' type that a producer's selection reads, per field node list
 * (one per place the field appears in a document, as graphql-jit and graphql-js pass it):
 * computed once, unless an @skip or @include takes its condition from the request's variables.
 */
function sensitiveFieldsRead(rowType: string, throughEdges: boolean, sensitive: ReadonlyMap<string, unknown>): (info: GraphQLResolveInfo) => readonly string[] {
  const known = new WeakMap<readonly FieldNode[], readonly string[]>();
  return (info) => {
    const cached = known.get(info.fieldNodes);
    if (cached) return cached;
    let variable = false;
    let nodes: readonly FieldNode[] = info.fieldNodes;
    if (throughEdges) {
      const edgeType = getNamedType(info.returnType) as GraphQLObjectType;
      const edge = selectedFields(nodes, edgeType, info);
      variable = edge.variable;
      nodes = edge.byName.get('node') ?? [];
    }
    const rows = selectedFields(nodes, info.schema.getType(rowType) as GraphQLObjectType, info);
    const fields = [...rows.byName.keys()].filter((name) => sensitive.has(`${rowType}.${name}`)).sort();
    if (!variable && !rows.variable) known.set(info.fieldNodes, fields);
    return fields;
  };
}
