import type { EntityName } from '../model/canonical-model';
import type { EntitySpec, FieldSpec, SourceKind } from '../model/field-spec';

/** A validated mapping file, ready to build statements and shape rows. */
export interface SourceMapping {
  file: string;
  system: SourceKind;
  entities: ReadonlyMap<EntityName, EntityMapping>;
  /** canonical department code → every vendor code that maps to it */
  departmentCodes: ReadonlyMap<string, readonly string[]>;
}

export interface EntityMapping {
  entity: EntityName;
  spec: EntitySpec;
  /** table or view name, without schema */
  table: string;
  /** schema written in the mapping (`schema.table`), overriding the source's default */
  schema?: string;
  keyColumn: string;
  /** conditions every statement on this entity carries (e.g. voided rows excluded) */
  where: ReadonlyArray<{ column: string; value: string | number }>;
  /** mapped fields only; an optional canonical field a site does not have is absent */
  fields: ReadonlyMap<string, FieldMapping>;
}

export interface FieldMapping {
  field: string;
  column: string;
  spec: FieldSpec;
  /** vendor value → canonical value; absent when values pass unchanged */
  toCanonical?: (vendor: unknown) => unknown;
  /**
   * canonical value → the vendor values that mean it (several when a translation is many-to-one,
   * none when nothing at the source means it)
   */
  toVendor: (canonical: unknown) => unknown[];
  /** one vendor value per canonical value and back (value-translation.ts) */
  exact: boolean;
}
