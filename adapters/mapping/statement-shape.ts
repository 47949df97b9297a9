import type { Condition } from '../entity-reader';
import { mappedField, vendorValues } from './mapped-fields';
import type { EntityMapping, SourceMapping } from './source-mapping';

/**
 * What a statement's text depends on, apart from its parameter values: a key under which a
 * reader keeps the statement compiled, so that a repeated lookup — one patient by id under a
 * clinician's scope, as a dashboard asks for it all day — is not built and compiled by the query
 * builder each time (a scoped patient lookup spent ≈ 40 µs of a request there).
 *
 * The walk mirrors MappedEntityReader's statement building branch for branch — the entity's fixed
 * conditions, then each condition in order, EXISTS subqueries with their own fixed conditions —
 * and pushes the parameters in the order the builder binds them. Every decision that changes the
 * text is in the key: an operator, a field (and so its column), whether a list has no value, one
 * value (`=`) or n values (`IN` of n). The reader compares these parameters with the compiled
 * statement's on the first build of each key and keeps the statement only when they agree.
 */
export function statementShape(source: SourceMapping, mapping: EntityMapping, where: readonly Condition<any>[], parameters: unknown[]): string {
  const fixed = fixedShape(mapping, parameters);
  return where.length === 0 ? fixed : `${fixed}&(${conditionsShape(source, mapping, where, parameters)})`;
}

function fixedShape(mapping: EntityMapping, parameters: unknown[]): string {
  for (const fixed of mapping.where) parameters.push(fixed.value);
  return `${mapping.entity}/${mapping.where.length}`;
}

function conditionsShape(source: SourceMapping, mapping: EntityMapping, where: readonly Condition<any>[], parameters: unknown[]): string {
  return where.map((condition) => conditionShape(source, mapping, condition, parameters)).join(',');
}

function conditionShape(source: SourceMapping, mapping: EntityMapping, condition: Condition<any>, parameters: unknown[]): string {
  switch (condition.op) {
    case 'none':
      return 'none';
    case 'or':
      return `or[${condition.any.map((all) => (all.length ? `(${conditionsShape(source, mapping, all, parameters)})` : 'true')).join('|')}]`;
    case 'exists': {
      const other = source.entities.get(condition.entity);
      if (!other) throw new Error(`${source.file} does not map ${condition.entity}`);
      const fixed = fixedShape(other, parameters);
      const inner = condition.where.length ? `&(${conditionsShape(source, other, condition.where, parameters)})` : '';
      return `exists[${fixed}:${condition.foreignField}=${condition.localField}${inner}]`;
    }
    case 'isNull':
    case 'notNull':
      mappedField(mapping, condition.field);
      return `${condition.field}:${condition.op}`;
    case 'in':
    case 'eq':
    case 'ne': {
      const vendor = vendorValues(mappedField(mapping, condition.field), condition.op === 'in' ? condition.values : [condition.value]);
      parameters.push(...vendor);
      // `in` and `eq` with the same number of vendor values are the same text
      const positive = condition.op === 'ne' ? 'ne' : 'in';
      return `${condition.field}:${positive}${vendor.length === 0 ? '0' : vendor.length === 1 ? '1' : `n${vendor.length}`}`;
    }
    default: {
      const [vendor] = mappedField(mapping, condition.field).toVendor(condition.value);
      parameters.push(vendor);
      return `${condition.field}:${condition.op}`;
    }
  }
}
