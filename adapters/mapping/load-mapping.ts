import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isScalar, type Document, type Node } from 'yaml';
import { CANONICAL_MODEL, ENTITIES_BY_SYSTEM, type EntityName } from '../model/canonical-model';
import type { FieldSpec, SourceKind } from '../model/field-spec';
import { MappingError, type MappingProblem } from './mapping-error';
import type { EntityMapping, FieldMapping, SourceMapping } from './source-mapping';
import { didYouMean } from './suggest';
import { fieldTranslation, MONTH_FORMATS, type MonthFormat } from './value-translation';
import type { SiteTime } from './site-time';

export interface LoadMappingOptions {
  /** the kind of system the source using this file is configured as */
  expectedSystem: SourceKind;
  siteTime: SiteTime;
  dateTimeParameter: (local: string) => string;
  /** told once per vendor value that no translation covers (data quality, not an error) */
  onUntranslated?: (where: string, vendorValue: string) => void;
}

const SYSTEMS: readonly SourceKind[] = ['HIS', 'LIS', 'PACS', 'FINANCE'];
const TOP_LEVEL_KEYS = ['system', 'entities', 'crosswalks'];
const ENTITY_KEYS = ['table', 'key', 'where', 'fields'];
const FIELD_KEYS = ['column', 'values', 'default', 'crosswalk', 'format'];
// Identifiers are always quoted by the query builder; these characters have no place in a name.
const FORBIDDEN_IN_IDENTIFIER = /["`[\]\u0000-\u001f;]/;

/** Reads and validates a mapping file; throws a MappingError listing every problem found. */
export function loadMappingFile(file: string, options: LoadMappingOptions): SourceMapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new MappingError([{ file, key: '(file)', message: `cannot read the mapping file: ${(error as Error).message}` }]);
  }
  return parseMapping(file, text, options);
}

export function parseMapping(file: string, text: string, options: LoadMappingOptions): SourceMapping {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const problems: MappingProblem[] = [];
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : undefined);
  for (const error of doc.errors) {
    problems.push({ file, key: '(syntax)', line: error.linePos?.[0]?.line, message: `not valid YAML: ${error.message.split('\n')[0]}` });
  }
  if (problems.length) throw new MappingError(problems);

  const report = (key: string, message: string, path: (string | number)[], entity?: string) =>
    problems.push({ file, entity, key, line: lineOf(nodeAt(doc, path)), message });

  const root = doc.toJS() as unknown;
  if (!isRecord(root)) throw new MappingError([{ file, key: '(root)', message: 'expected a mapping with keys system, entities and crosswalks' }]);
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL_KEYS.includes(key)) report(key, `unknown key '${key}'${didYouMean(key, TOP_LEVEL_KEYS)}`, [key]);
  }

  const system = root.system;
  if (typeof system !== 'string' || !SYSTEMS.includes(system as SourceKind)) {
    report('system', `must be one of ${SYSTEMS.join(', ')}`, ['system']);
  } else if (system !== options.expectedSystem) {
    report('system', `the file maps a ${system} system, but the source using it is configured as ${options.expectedSystem}`, ['system']);
  }

  const crosswalks = readCrosswalks(root.crosswalks, report);
  const entities = new Map<EntityName, EntityMapping>();
  const rawEntities = root.entities;
  if (!isRecord(rawEntities)) {
    report('entities', 'expected a mapping from canonical entity names to their tables', ['entities']);
  } else {
    const expected: readonly EntityName[] = ENTITIES_BY_SYSTEM[options.expectedSystem];
    for (const name of Object.keys(rawEntities)) {
      if (!expected.includes(name as EntityName)) {
        report(name, `'${name}' is not an entity of a ${options.expectedSystem} system${didYouMean(name, expected)}; expected ${expected.join(', ')}`, ['entities', name]);
      }
    }
    for (const name of expected) {
      const raw = rawEntities[name];
      if (raw === undefined) {
        report(name, `missing: a ${options.expectedSystem} mapping must map ${name}`, ['entities'], name);
        continue;
      }
      const mapped = readEntity(name, raw, crosswalks, options, (key, message, path) =>
        report(key, message, ['entities', name, ...path], name),
      );
      if (mapped) entities.set(name, mapped);
    }
  }
  if (problems.length) throw new MappingError(problems);

  const departmentCodes = new Map<string, string[]>();
  for (const [vendor, canonical] of crosswalks.get('department') ?? new Map<string, string>()) {
    departmentCodes.set(canonical, [...(departmentCodes.get(canonical) ?? []), vendor]);
  }
  return { file, system: options.expectedSystem, entities, departmentCodes };
}

type Report = (key: string, message: string, path: (string | number)[]) => void;

function readCrosswalks(raw: unknown, report: Report): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  if (raw === undefined) return result;
  if (!isRecord(raw)) {
    report('crosswalks', 'expected a mapping of crosswalk names to code tables', ['crosswalks']);
    return result;
  }
  for (const [name, table] of Object.entries(raw)) {
    if (!isRecord(table)) {
      report(`crosswalks.${name}`, 'expected a table of vendor code: canonical code', ['crosswalks', name]);
      continue;
    }
    const codes = new Map<string, string>();
    for (const [vendor, canonical] of Object.entries(table)) {
      if (typeof canonical !== 'string' || canonical.trim() === '') {
        report(`crosswalks.${name}.${vendor}`, 'the canonical code must be a non-empty string', ['crosswalks', name, vendor]);
      } else {
        codes.set(vendor, canonical);
      }
    }
    result.set(name, codes);
  }
  return result;
}

function readEntity(
  name: EntityName,
  raw: unknown,
  crosswalks: Map<string, Map<string, string>>,
  options: LoadMappingOptions,
  report: Report,
): EntityMapping | undefined {
  const spec = CANONICAL_MODEL[name];
  if (!isRecord(raw)) {
    report('(entity)', 'expected table, key and fields', []);
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (!ENTITY_KEYS.includes(key)) report(key, `unknown key '${key}'${didYouMean(key, ENTITY_KEYS)}`, [key]);
  }
  const tableName = identifier(raw.table, 'table', report);
  const keyColumn = identifier(raw.key, 'key', report);

  const where: { column: string; value: string | number }[] = [];
  if (raw.where !== undefined) {
    if (!isRecord(raw.where)) report('where', 'expected column: value pairs', ['where']);
    else {
      for (const [column, value] of Object.entries(raw.where)) {
        if (typeof value !== 'string' && typeof value !== 'number') report(`where.${column}`, 'the value must be a string or a number', ['where', column]);
        else if (identifier(column, `where.${column}`, report)) where.push({ column, value });
      }
    }
  }

  const fields = new Map<string, FieldMapping>();
  if (!isRecord(raw.fields)) {
    report('fields', 'expected a mapping from canonical fields to columns', ['fields']);
    return undefined;
  }
  const canonicalFields = Object.keys(spec.fields);
  for (const [fieldName, rawField] of Object.entries(raw.fields)) {
    const fieldSpec = (spec.fields as Record<string, FieldSpec>)[fieldName];
    if (!fieldSpec) {
      report(`fields.${fieldName}`, `'${fieldName}' is not a field of ${name}${didYouMean(fieldName, canonicalFields)}; fields: ${canonicalFields.join(', ')}`, ['fields', fieldName]);
      continue;
    }
    const mapped = readField(name, fieldName, fieldSpec, rawField, crosswalks, options, (key, message, path) =>
      report(`fields.${fieldName}${key ? `.${key}` : ''}`, message, ['fields', fieldName, ...path]),
    );
    if (mapped) fields.set(fieldName, mapped);
  }
  for (const [fieldName, fieldSpec] of Object.entries(spec.fields as Record<string, FieldSpec>)) {
    if (fieldSpec.required && !(fieldName in raw.fields)) {
      report(`fields.${fieldName}`, `missing: ${name}.${fieldName} must be mapped to a column`, ['fields']);
    }
  }
  const keyField = fields.get(spec.key);
  if (keyColumn && keyField && keyField.column !== keyColumn) {
    report('key', `the key column '${keyColumn}' must be the column of ${name}.${spec.key} ('${keyField.column}')`, ['key']);
  }
  if (!tableName || !keyColumn) return undefined;
  const dot = tableName.lastIndexOf('.');
  return {
    entity: name,
    spec,
    table: dot < 0 ? tableName : tableName.slice(dot + 1),
    schema: dot < 0 ? undefined : tableName.slice(0, dot),
    keyColumn,
    where,
    fields,
  };
}

function readField(
  entityName: string,
  fieldName: string,
  spec: FieldSpec,
  raw: unknown,
  crosswalks: Map<string, Map<string, string>>,
  options: LoadMappingOptions,
  report: (key: string, message: string, path: (string | number)[]) => void,
): FieldMapping | undefined {
  const detail = typeof raw === 'string' ? { column: raw } : raw;
  if (!isRecord(detail)) {
    report('', 'expected a column name, or { column, values, default, crosswalk, format }', []);
    return undefined;
  }
  for (const key of Object.keys(detail)) {
    if (!FIELD_KEYS.includes(key)) report(key, `unknown key '${key}'${didYouMean(key, FIELD_KEYS)}`, [key]);
  }
  const column = identifier(detail.column, 'column', (key, message, path) => report(key, message, path));
  if (!column) return undefined;

  let values: Map<string, string | boolean> | undefined;
  let fallback: string | boolean | undefined;
  if (detail.values !== undefined || detail.default !== undefined) {
    if (spec.kind !== 'enum' && spec.kind !== 'boolean') {
      report('values', `${entityName}.${fieldName} is ${article(spec.kind)} field; value translations apply to enum and boolean fields only`, ['values']);
    } else {
      const allowed: readonly (string | boolean)[] = spec.kind === 'boolean' ? [true, false] : (spec.values ?? []);
      const check = (value: unknown, key: string, path: (string | number)[]) => {
        if (!allowed.includes(value as string | boolean)) {
          report(key, `${JSON.stringify(value)} is not a value of ${entityName}.${fieldName}${typeof value === 'string' ? didYouMean(value, allowed.map(String)) : ''}; allowed: ${allowed.join(', ')}`, path);
          return false;
        }
        return true;
      };
      if (detail.values !== undefined) {
        if (!isRecord(detail.values)) report('values', 'expected a table of vendor value: canonical value', ['values']);
        else {
          values = new Map();
          for (const [vendor, canonical] of Object.entries(detail.values)) {
            if (check(canonical, `values.${vendor}`, ['values', vendor])) values.set(vendor, canonical as string | boolean);
          }
        }
      }
      if (detail.default !== undefined && check(detail.default, 'default', ['default'])) fallback = detail.default as string | boolean;
    }
  }

  let crosswalk: Map<string, string> | undefined;
  if (detail.crosswalk !== undefined) {
    if (!spec.departmentCode) {
      report('crosswalk', `${entityName}.${fieldName} is not a department code; crosswalks apply to department codes`, ['crosswalk']);
    } else if (typeof detail.crosswalk !== 'string' || !crosswalks.has(detail.crosswalk)) {
      report('crosswalk', `no crosswalk named ${JSON.stringify(detail.crosswalk)} under 'crosswalks'${typeof detail.crosswalk === 'string' ? didYouMean(detail.crosswalk, crosswalks.keys()) : ''}`, ['crosswalk']);
    } else {
      crosswalk = crosswalks.get(detail.crosswalk);
    }
  }

  let monthFormat: MonthFormat | undefined;
  if (detail.format !== undefined) {
    if (spec.kind !== 'month') report('format', `formats apply to month fields; ${entityName}.${fieldName} is ${article(spec.kind)} field`, ['format']);
    else if (!MONTH_FORMATS.includes(detail.format as MonthFormat)) report('format', `unknown month format ${JSON.stringify(detail.format)}; use one of ${MONTH_FORMATS.join(', ')}`, ['format']);
    else monthFormat = detail.format as MonthFormat;
  }

  const where = `${entityName}.${fieldName}`;
  const translation = fieldTranslation({
    spec,
    values,
    fallback,
    crosswalk,
    monthFormat,
    siteTime: options.siteTime,
    dateTimeParameter: options.dateTimeParameter,
    onUntranslated: onceEach((value) => options.onUntranslated?.(where, value)),
  });
  return { field: fieldName, column, spec, ...translation };
}

function identifier(value: unknown, key: string, report: Report): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    report(key, 'expected a table or column name', [key]);
    return undefined;
  }
  if (FORBIDDEN_IN_IDENTIFIER.test(value)) {
    report(key, `'${value}' contains a character that cannot be part of a table or column name`, [key]);
    return undefined;
  }
  return value;
}

function onceEach(callback: (value: string) => void): (value: string) => void {
  const seen = new Set<string>();
  return (value) => {
    if (seen.size < 1000 && !seen.has(value)) {
      seen.add(value);
      callback(value);
    }
  };
}

function nodeAt(doc: Document, path: (string | number)[]): Node | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (node && (isMap(node) || isScalar(node) || (node as Node).range)) {
      // Point at the key where there is one: that is where the reader looks.
      if (depth > 0) {
        const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(path[depth - 1]));
          if (pair && isScalar(pair.key)) return pair.key;
        }
      }
      return node as Node;
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
