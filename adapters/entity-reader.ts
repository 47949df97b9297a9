import type { EntityName } from './model/canonical-model';
import type { EntitySpec } from './model/field-spec';
import type { ExecutedStatement } from './sql/sql-engine';

/**
 * The vocabulary of every source port: how the gateway asks a source system for canonical rows.
 * Conditions, sort keys and cursors speak canonical field names and canonical values (codes,
 * enum values, RFC 3339 date-times); an implementation translates them to its vendor's terms.
 */

type FieldOf<T> = keyof T & string;

export type Condition<T> =
  | { op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte'; field: FieldOf<T>; value: unknown }
  | { op: 'in'; field: FieldOf<T>; values: readonly unknown[] }
  | { op: 'isNull' | 'notNull'; field: FieldOf<T> }
  /** rows of another entity of the same source reference this row */
  | { op: 'exists'; entity: EntityName; foreignField: string; localField: FieldOf<T>; where: Condition<any>[] }
  /** matches no row */
  | { op: 'none' }
  /** any of several condition lists holds (each list is a conjunction) */
  | { op: 'or'; any: Condition<T>[][] };

export interface SortKey<T> {
  field: FieldOf<T>;
  direction: 'asc' | 'desc';
}

/** Per-request facts a source needs to serve a read. */
export interface ReadContext {
  /** told about each statement sent (statement counts, metrics) */
  onStatement?: (statement: ExecutedStatement) => void;
  /**
   * The viewer's row scope: conditions added to every statement on the entity — rows, counts,
   * groups and relations alike — so that the source database enforces it.
   */
  scope?: (entity: EntityName) => Condition<any>[];
}

export interface ReadOptions<T> {
  where?: Condition<T>[];
  /** canonical fields to read; the key is always read. Default: every mapped field. */
  fields?: readonly FieldOf<T>[];
}

export interface PageRequest<T> extends ReadOptions<T> {
  /** sort keys; the entity key is always appended as the last one, so that order is total */
  orderBy?: SortKey<T>[];
  first: number;
  /** the sort values of the last row of the previous page (see `sortValues`) */
  after?: readonly unknown[];
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}

export interface GroupCount {
  group: unknown[];
  count: number;
  /** distinct values of the requested field (e.g. patients) in the group */
  distinct?: number;
}

export interface EntityReader<T> {
  readonly entity: EntityName;
  readonly spec: EntitySpec;
  /** whether this site maps the field (optional canonical fields may be absent) */
  has(field: FieldOf<T>): boolean;
  /** rows whose `field` takes one of `values` (a key, or the link to a parent), in no set order */
  byValues(ctx: ReadContext, field: FieldOf<T>, values: readonly unknown[], options?: ReadOptions<T>): Promise<T[]>;
  page(ctx: ReadContext, request: PageRequest<T>): Promise<Page<T>>;
  /** one page per value of `groupField` (e.g. the first encounters of each department), in one statement */
  pagePerGroup(ctx: ReadContext, groupField: FieldOf<T>, groupValues: readonly unknown[], request: PageRequest<T>): Promise<Map<unknown, Page<T>>>;
  count(ctx: ReadContext, where: Condition<T>[]): Promise<number>;
  /** rows and distinct values of `distinctField` in one statement (small-cell suppression counts patients) */
  tally(ctx: ReadContext, where: Condition<T>[], distinctField: FieldOf<T>): Promise<{ rows: number; distinct: number }>;
  countBy(ctx: ReadContext, groupFields: readonly FieldOf<T>[], where: Condition<T>[], distinctField?: FieldOf<T>): Promise<GroupCount[]>;
  /** the values a cursor for `row` carries under `orderBy` */
  sortValues(row: T, orderBy?: SortKey<T>[]): unknown[];
}
