import type { EntityMapping, FieldMapping } from './source-mapping';

/** the mapping of a canonical field, or UnmappedFieldError when this site's mapping lacks it */
export function mappedField(mapping: EntityMapping, field: string): FieldMapping {
  const mapped = mapping.fields.get(field);
  if (!mapped) throw new UnmappedFieldError(mapping.entity, field);
  return mapped;
}

/** A read needs a canonical field this site's mapping does not provide. */
export class UnmappedFieldError extends Error {
  constructor(
    readonly entity: string,
    readonly field: string,
  ) {
    super(`${entity}.${field} is not mapped at this site`);
    this.name = 'UnmappedFieldError';
  }
}

/** the vendor's values for canonical ones, each once (a crosswalk may give one canonical value several codes) */
export function vendorValues(field: FieldMapping, canonical: readonly unknown[]): unknown[] {
  return unique(canonical.flatMap((value) => field.toVendor(value)));
}

export function unique<V>(values: readonly V[]): V[] {
  return [...new Set(values)];
}
