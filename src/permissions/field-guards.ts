import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, getNamedType, getNullableType, isLeafType, isListType, isNonNullType, isObjectType, type GraphQLFieldResolver, type GraphQLOutputType, type GraphQLSchema } from 'graphql';
import type { ConnectionSource } from '../../resolvers/sources';
import type { GatewayContext } from '../context';
import { withRowNote, type RowNote } from '../audit/row-audit';
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
 * For a lean schema (execution/guarded-executor.ts): `unwrapped` names guarded fields to leave as
 * they are (see guardedLeaves), and `rowNotes` the producers of audited rows that note them in
 * their place (audit/row-audit.ts), inside the guard where the field has one.
 */
export function applyFieldGuards(schema: GraphQLSchema, guarded: GuardedFields = guardedFields(schema), lean: { unwrapped?: ReadonlySet<string>; rowNotes?: ReadonlyMap<string, RowNote> } = {}): GraphQLSchema {
  const { unwrapped, rowNotes } = lean;
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const coordinate = `${typeName}.${fieldName}`;
      const facts = guarded.get(coordinate);
      const note = rowNotes?.get(coordinate);
      if (!facts || unwrapped?.has(coordinate)) return note ? withRowNote(field, note) : field;
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
        if (!relation) return value;
        // A row note names the rows' patient itself. Without one, the rows are linked to it for their
        // guards' notes. (Row notes come only with a lean schema, whose leaves have no guards.)
        const served =
          links || note
            ? (rows: unknown) => {
                if (note) note(rows, context, info, links ? context.audit.patientOfRow('', source as Row) : undefined);
                else linkPatient(context, source, rows);
                return rows;
              }
            : undefined;
        // a relation to a source that is down: its field is empty (or null), the rest is served
        if (value instanceof Promise) return value.then(served, (error: unknown) => context.permissions.sourceFailed(coordinate, info.path, error, empty));
        return served ? served(value) : value;
      };
      return { ...field, resolve: guard };
    },
  });
}

/**
 * The guarded leaf fields: a request whose viewer reads every one of them its document names in
 * clear can run on a schema without their guards (execution/guarded-executor.ts), where the
 * producers of audited rows note the @sensitive ones (audit/row-audit.ts). Relations, and with
 * them the fields that link rows to their patient, keep their guards.
 */
export function guardedLeaves(guarded: GuardedFields): Set<string> {
  return new Set([...guarded].filter(([, { leaf }]) => leaf).map(([coordinate]) => coordinate));
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

function noteAccess(context: GatewayContext, typeName: string, fieldName: string, source: unknown, access: string): void {
  const row = source as Row;
  const outcome = access === 'none' ? 'DENIED' : access === 'masked' ? 'MASKED' : 'ALLOWED';
  // the row's other sensitive fields came just before: its id and patient are noted already
  if (context.audit.noteSameRow(row, typeName, fieldName, outcome)) return;
  context.audit.note(typeName, row.id, context.audit.patientOfRow(typeName, row), fieldName, outcome, row);
}

/** links the rows a relation served to the patient its parent row names */
function linkPatient(context: GatewayContext, source: unknown, rows: unknown): void {
  const patientId = context.audit.patientOfRow('', source as Row);
  if (!patientId || !Array.isArray(rows)) return;
  for (const row of rows) if (row && typeof row === 'object') context.audit.patientOf.set(row, patientId);
}
