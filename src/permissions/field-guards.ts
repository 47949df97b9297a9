import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, getNamedType, getNullableType, isLeafType, isListType, isNonNullType, isObjectType, type GraphQLFieldResolver, type GraphQLOutputType, type GraphQLSchema } from 'graphql';
import type { ConnectionSource } from '../../resolvers/sources';
import type { GatewayContext } from '../context';
import { sensitiveFields } from '../audit/sensitive-fields';
import { classifyFields } from './field-classes';
import type { DataClass } from './permission-model';

/** Classes every role reads alike: their fields keep graphql-js's own resolvers, untouched. */
const UNGUARDED = new Set<DataClass>(['SELF', 'STRUCTURE']);

/** what a guarded field's guard needs to know of it, by coordinate (`Type.field`) */
export type GuardedFields = ReadonlyMap<string, { dataClass: DataClass | undefined; leaf: boolean; audited: boolean }>;

/**
 * The fields that are guarded: every field of an object type except the ones whose class every
 * role reads alike. A field of no class is guarded too (readable by nobody). With each, its class,
 * whether it is a leaf, and whether it is @sensitive (audited).
 */
export function guardedFields(schema: GraphQLSchema): GuardedFields {
  const classes = classifyFields(schema);
  const sensitive = sensitiveFields(schema);
  const guarded = new Map<string, { dataClass: DataClass | undefined; leaf: boolean; audited: boolean }>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    for (const [fieldName, field] of Object.entries(type.getFields())) {
      const coordinate = `${type.name}.${fieldName}`;
      const dataClass = classes.get(coordinate);
      if (dataClass && UNGUARDED.has(dataClass)) continue;
      guarded.set(coordinate, { dataClass, leaf: isLeafType(getNamedType(field.type)), audited: sensitive.has(coordinate) });
    }
  }
  return guarded;
}

/**
 * Wraps the resolver of every guarded field in a synchronous check of the request's decision:
 * denied → null (FORBIDDEN once per field), masked → the masked value, clear → as resolved.
 * No promise is added per row, so permissions cost a map lookup per guarded value.
 * `unwrapped` names guarded fields to leave as they are (see leafGuardsWithoutAudit).
 */
export function applyFieldGuards(schema: GraphQLSchema, guarded: GuardedFields = guardedFields(schema), unwrapped?: ReadonlySet<string>): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const coordinate = `${typeName}.${fieldName}`;
      const facts = guarded.get(coordinate);
      if (!facts || unwrapped?.has(coordinate)) return field;
      const { dataClass, leaf, audited } = facts;
      const resolve: GraphQLFieldResolver<unknown, GatewayContext> = field.resolve ?? defaultFieldResolver;
      const empty = emptyValue(field.type);
      const links = PATIENT_LINKS.has(coordinate);
      const relation = !leaf;
      const guard: GraphQLFieldResolver<unknown, GatewayContext> = (source, args, context, info) => {
        const access = context.permissions.access(coordinate);
        // @sensitive fields tell the request's audit collector what they served (no other field does)
        if (audited) noteAccess(context, typeName, fieldName, source, access);
        if (access === 'none') return empty === undefined ? context.permissions.forbid(coordinate) : context.permissions.forbidEmpty(coordinate, info.path, empty);
        if (access === 'masked' && leaf && dataClass) {
          const value = resolve(source, args, context, info);
          return context.permissions.mask(dataClass, value);
        }
        const value = resolve(source, args, context, info);
        const linked = links ? linkPatient(context, source, value) : value;
        // a relation to a source that is down: its field is empty (or null), the rest is served
        return relation && linked instanceof Promise ? linked.catch((error: unknown) => context.permissions.sourceFailed(coordinate, info.path, error, empty)) : linked;
      };
      return { ...field, resolve: guard };
    },
  });
}

/**
 * The guarded leaf fields that tell the audit nothing: their guard only denies or masks. When a
 * request's viewer reads every one of them that its document names in clear, each guard would
 * hand the value on as resolved, and the request can run on a schema without them
 * (execution/guarded-executor.ts). Guarded relations and @sensitive leaves are never among them.
 */
export function leafGuardsWithoutAudit(guarded: GuardedFields): Set<string> {
  // the fields that link rows to their patient are relations, never leaves
  return new Set([...guarded].filter(([, { leaf, audited }]) => leaf && !audited).map(([coordinate]) => coordinate));
}

const EMPTY_CONNECTION: ConnectionSource<never> = {
  page: { rows: [], hasNextPage: false },
  cursorOf: () => '',
  totals: async () => ({ totalCount: null, suppressed: false }),
};

/** what a denied non-null field resolves to: an empty list or page; undefined where null is allowed */
function emptyValue(type: GraphQLOutputType): unknown {
  if (!isNonNullType(type)) return undefined;
  if (isListType(getNullableType(type))) return [];
  if (getNamedType(type).name.endsWith('Connection')) return EMPTY_CONNECTION;
  return undefined;
}

/**
 * Relations whose rows do not name their patient (results, diagnoses, procedures): the parent
 * does, and the rows are linked to it so that their audit records name the patient.
 */
const PATIENT_LINKS = new Set(['LabOrder.results', 'Encounter.diagnoses', 'Encounter.procedures']);

type Row = Record<string, unknown>;

function patientOf(context: GatewayContext, typeName: string, source: Row): string | undefined {
  if (typeName === 'Patient') return source.id as string;
  if (typeof source.patientId === 'string') return source.patientId;
  return context.audit.patientOf.get(source);
}

function noteAccess(context: GatewayContext, typeName: string, fieldName: string, source: unknown, access: string): void {
  const row = source as Row;
  const outcome = access === 'none' ? 'DENIED' : access === 'masked' ? 'MASKED' : 'ALLOWED';
  // the row's other sensitive fields came just before: its id and patient are noted already
  if (context.audit.noteSameRow(row, typeName, fieldName, outcome)) return;
  context.audit.note(typeName, row.id, patientOf(context, typeName, row), fieldName, outcome, row);
}

function linkPatient(context: GatewayContext, source: unknown, value: unknown): unknown {
  const patientId = patientOf(context, '', source as Row);
  if (!patientId) return value;
  const link = (rows: unknown) => {
    if (Array.isArray(rows)) for (const row of rows) if (row && typeof row === 'object') context.audit.patientOf.set(row, patientId);
    return rows;
  };
  return value instanceof Promise ? value.then(link) : link(value);
}
