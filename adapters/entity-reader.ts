import type { EntityName } from './model/canonical-model';
import type { EntitySpec } from './model/field-spec';
import type { ExecutedStatement, FailedStatement } from './sql/sql-engine';

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
  /** told about each statement that failed, with why (source errors by kind, trace spans) */
  onStatementFailed?: (failure: FailedStatement) => void;
  /**
   * The viewer's row scope: conditions added to every statement on the entity — rows, counts,
   * groups and relations alike — so that the source database enforces it.
   */
  scope?: (entity: EntityName) => Condition<any>[];
  /**
   * The fields the request needs of an entity (from its GraphQL document), or undefined for all:
   * statements that are not told which fields to read select only these columns.
   */
  fields?: (entity: EntityName) => readonly string[] | undefined;
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

/** a field of the entity, or of the entity an aggregate joins */
export interface ValueRef {
  field: string;
  on?: 'join';
}

/** values an aggregate groups by or sums, computed in the source */
export type ValueExpr =
  | ValueRef
  | { fn: 'month' | 'day' | 'hour'; of: ValueRef }
  | { fn: 'days' | 'minutes'; from: ValueRef; to: ValueRef }
  /** a / b (rows where b is 0 or null contribute nothing) */
  | { fn: 'ratio'; num: ValueRef; den: ValueRef };

export interface AggregateMeasure {
  name: string;
  /** count: rows (that meet `when`); sum: of `value` over those rows */
  kind: 'count' | 'sum';
  value?: ValueExpr;
  /** conditions on the entity's own fields */
  when?: Condition<any>[];
  /** conditions on the joined entity's fields */
  whenJoin?: Condition<any>[];
  /** left ≥ factor × right (or ≤): e.g. a stay costing at least twice its group's average */
  whenCompare?: { left: ValueRef; op: '>=' | '<='; factor: number; right: ValueRef };
  /** at most `minutes` from one date-time to the other (e.g. a critical value notified in time) */
  whenWithin?: { from: ValueRef; to: ValueRef; minutes: number };
}

/**
 * GROUP BY … computed by the source database: the gateway never pulls rows to count or sum them.
 * Only additive measures (counts and sums), so that results of several vendor codes that mean
 * one canonical group can be added up.
 */
export interface AggregateRequest {
  where?: Condition<any>[];
  /** one inner join to another entity of the same source (e.g. a stay's DRG group) */
  join?: { entity: EntityName; localField: string; foreignField: string; where?: Condition<any>[] };
  groupBy: { name: string; value: ValueExpr }[];
  measures: AggregateMeasure[];
}

export interface AggregateRow {
  group: Record<string, unknown>;
  values: Record<string, number>;
}

export interface EntityReader<T> {
  readonly entity: EntityName;
  readonly spec: EntitySpec;
  /** whether this site maps the field (optional canonical fields may be absent) */
  has(field: FieldOf<T>): boolean;
  /** whether each canonical value of the field is exactly one vendor value (no value table, crosswalk or cut) */
  exact(field: FieldOf<T>): boolean;
  /** rows whose `field` takes one of `values` (a key, or the link to a parent), in no set order */
  byValues(ctx: ReadContext, field: FieldOf<T>, values: readonly unknown[], options?: ReadOptions<T>): Promise<T[]>;
  page(ctx: ReadContext, request: PageRequest<T>): Promise<Page<T>>;
  /** one page per value of `groupField` (e.g. the first encounters of each department), in one statement */
  pagePerGroup(ctx: ReadContext, groupField: FieldOf<T>, groupValues: readonly unknown[], request: PageRequest<T>): Promise<Map<unknown, Page<T>>>;
  count(ctx: ReadContext, where: Condition<T>[]): Promise<number>;
  /** rows and distinct values of `distinctField` in one statement (small-cell suppression counts patients) */
  tally(ctx: ReadContext, where: Condition<T>[], distinctField: FieldOf<T>): Promise<{ rows: number; distinct: number }>;
  countBy(ctx: ReadContext, groupFields: readonly FieldOf<T>[], where: Condition<T>[], distinctField?: FieldOf<T>): Promise<GroupCount[]>;
  aggregate(ctx: ReadContext, request: AggregateRequest): Promise<AggregateRow[]>;
  /** the values a cursor for `row` carries under `orderBy` */
  sortValues(row: T, orderBy?: SortKey<T>[]): unknown[];
}
