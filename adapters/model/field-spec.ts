/**
 * The vocabulary in which the canonical model is written. A field spec carries, at run time,
 * what a mapping must provide for the field and how to convert its values; at compile time (the
 * phantom `T`), the TypeScript type of the field in a canonical row.
 */

export type SourceKind = 'HIS' | 'LIS' | 'PACS' | 'FINANCE';

export type ValueKind = 'id' | 'string' | 'int' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'month' | 'enum';

export interface FieldSpec<T = unknown> {
  readonly kind: ValueKind;
  /** a mapping must name a column for it (keys and the links between entities) */
  readonly required: boolean;
  /** values are never null in a canonical row */
  readonly nonNull: boolean;
  /** allowed canonical values of an enum */
  readonly values?: readonly string[];
  /** the field holds a department code: vendor codes go through the department crosswalk */
  readonly departmentCode?: boolean;
  /** phantom: the field's TypeScript type */
  readonly __type?: T;
}

const spec = <T>(kind: ValueKind, required: boolean, nonNull: boolean, extra: Partial<Omit<FieldSpec, '__type'>> = {}): FieldSpec<T> => ({
  kind,
  required,
  nonNull,
  ...extra,
});

/** Field constructors. `key` and `link` fields must be mapped; the rest may be absent at a site. */
export const field = {
  key: () => spec<string>('id', true, true),
  link: () => spec<string>('id', true, true),
  optionalLink: () => spec<string | null>('id', false, false),
  departmentCode: () => spec<string>('id', true, true, { departmentCode: true }),
  string: () => spec<string | null>('string', false, false),
  requiredString: () => spec<string>('string', true, true),
  int: () => spec<number | null>('int', false, false),
  decimal: () => spec<number | null>('decimal', false, false),
  requiredDecimal: () => spec<number>('decimal', true, true),
  boolean: () => spec<boolean | null>('boolean', false, false),
  date: () => spec<string | null>('date', false, false),
  requiredDate: () => spec<string>('date', true, true),
  datetime: () => spec<string | null>('datetime', false, false),
  requiredDatetime: () => spec<string>('datetime', true, true),
  requiredMonth: () => spec<string>('month', true, true),
  enumOf: <V extends string>(values: readonly V[]) => spec<V | null>('enum', false, false, { values }),
  requiredEnumOf: <V extends string>(values: readonly V[]) => spec<V>('enum', true, true, { values }),
};

export interface EntitySpec<F extends Record<string, FieldSpec> = Record<string, FieldSpec>> {
  readonly name: string;
  /** the source system that owns the entity */
  readonly system: SourceKind;
  /** the identifying field */
  readonly key: string;
  readonly fields: F;
  /** the field a period filter applies to */
  readonly periodField?: string;
  /** the field holding the department the row belongs to (for department filters and scopes) */
  readonly departmentField?: string;
}

/** Declares an entity; the compiler checks that the named key, period and department fields exist. */
export function entity<F extends Record<string, FieldSpec>>(
  definition: EntitySpec<F> & { key: keyof F & string; periodField?: keyof F & string; departmentField?: keyof F & string },
): EntitySpec<F> {
  return definition;
}

/** The TypeScript row type of an entity spec. */
export type RowOf<E> = E extends EntitySpec<infer F> ? { [K in keyof F]: F[K] extends FieldSpec<infer T> ? T : never } : never;
