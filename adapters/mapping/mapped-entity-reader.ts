import { expressionBuilder, sql, type CompiledQuery, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { EntityName } from '../model/canonical-model';
import type { AggregateRequest, AggregateRow, Condition, EntityReader, GroupCount, Page, PageRequest, ReadContext, ReadOptions, SortKey, ValueExpr, ValueRef } from '../entity-reader';
import { BoundedMemo } from '../bounded-memo';
import type { SqlEngine } from '../sql/sql-engine';
import { SourceQueryError } from '../source-error';
import { mappedField, unique, vendorValues } from './mapped-fields';
import type { EntityMapping, FieldMapping, SourceMapping } from './source-mapping';
import { statementShape } from './statement-shape';

export { UnmappedFieldError } from './mapped-fields';

type AnyQuery = SelectQueryBuilder<any, any, any>;
type Eb = ExpressionBuilder<any, any>;
type Row = Record<string, unknown>;

const ALIAS = 't';
const JOIN_ALIAS = 'j';
/** sets of fields whose statement start a reader keeps: queries select a few sets each, clients could vary them */
const MAX_SELECT_BASES = 256;
/** compiled lookups and pages a reader keeps: a shape per set of fields, scope, order and number of keys or rows asked for */
const MAX_COMPILED_STATEMENTS = 512;
/**
 * Only statements with few parameters are kept: those are the ones repeated all day (one patient,
 * one encounter, its orders, a dashboard's list); a relation's IN-list of hundreds of keys rarely
 * has the same length twice, and a kept statement holds its first parameters (the keys read) for
 * the life of the process.
 */
const MAX_KEPT_PARAMETERS = 64;

export interface MappedSourceOptions {
  /** the source's configured name (errors, statement logs) */
  source: string;
  engine: SqlEngine;
  mapping: SourceMapping;
  /** schema (database on MySQL) holding the vendor tables, unless the mapping names one */
  schema?: string;
}

/**
 * Reads one canonical entity from a vendor table or view through its mapping: every statement
 * is built with the engine's dialect, parameterized, selects only mapped columns aliased to
 * canonical field names, and carries the mapping's fixed conditions.
 */
export class MappedEntityReader<T> implements EntityReader<T> {
  private readonly mapping: EntityMapping;
  private readonly keyField: string;
  private readonly allFields: readonly string[];
  /** the start of the statements selecting each set of fields (see select) */
  private readonly selectBases = new BoundedMemo<string, AnyQuery>(MAX_SELECT_BASES);
  /** the correlated subqueries of EXISTS conditions, by the mapping they correlate with: few (scopes and filters name them) */
  private readonly existsBases = new Map<EntityMapping, Map<string, AnyQuery>>();
  /** byValues' and page's statements compiled, by shape (statement-shape.ts), with the candidate
   * parameter list they bind; null: a shape whose parameters did not agree, built each time */
  private readonly compiledStatements = new BoundedMemo<string, { query: CompiledQuery; bound: number } | null>(MAX_COMPILED_STATEMENTS);

  constructor(
    readonly entity: EntityName,
    private readonly options: MappedSourceOptions,
  ) {
    const mapping = options.mapping.entities.get(entity);
    if (!mapping) throw new Error(`${options.mapping.file} does not map ${entity}`);
    this.mapping = mapping;
    this.keyField = mapping.spec.key;
    this.allFields = [...mapping.fields.keys()];
  }

  get spec() {
    return this.mapping.spec;
  }

  has(field: string & keyof T): boolean {
    return this.mapping.fields.has(field);
  }

  exact(field: string & keyof T): boolean {
    return this.fieldMapping(field).exact;
  }

  async byValues(ctx: ReadContext, field: string & keyof T, values: readonly unknown[], options: ReadOptions<T> = {}): Promise<T[]> {
    const wanted = unique(values);
    const target = this.fieldMapping(field);
    if (wanted.every((value) => target.toVendor(value).length === 0)) return [];
    const column = this.column(ALIAS, field);
    const fields = this.demanded(ctx, options.fields, [field]);
    const where = this.scoped(ctx, options.where);
    // A scope "EXISTS (… where inner.f = t.field …)" also gets "inner.f IN (the values)": the same
    // rows, but the planner then probes the inner table by its index instead of hashing all of it
    // (a patient page under a department scope: 80 ms → 35 ms on PostgreSQL at scale 1).
    // Only when the doubled list still fits one statement: the statement count stays that of the query's depth.
    // A crosswalk may turn one canonical value into several vendor codes: chunks stay under the limit.
    const expansion = Math.max(1, ...wanted.map((value) => target.toVendor(value).length));
    const pushDown = wanted.length * expansion * 2 <= this.dialect.maxListParameters && where.some((condition) => condition.op === 'exists' && condition.localField === field);
    const size = Math.max(1, Math.floor(this.dialect.maxListParameters / expansion));
    const results = await Promise.all(
      chunk(wanted, size).map((part) => {
        const vendor = vendorValues(target, part);
        if (vendor.length === 0) return Promise.resolve([] as Row[]);
        const conditions = pushDown ? where.map((condition) => (condition.op === 'exists' && condition.localField === field ? { ...condition, where: [...condition.where, { op: 'in' as const, field: condition.foreignField, values: part }] } : condition)) : where;
        return this.runCompiled<Row>(ctx, this.lookup(fields, conditions, column, vendor));
      }),
    );
    return this.shape(results.flat(), fields);
  }

  async page(ctx: ReadContext, request: PageRequest<T>): Promise<Page<T>> {
    const orderBy = this.totalOrder(request.orderBy);
    const fields = this.demanded(ctx, request.fields, orderBy.map((key) => key.field));
    const statement = this.pageStatement(fields, this.scoped(ctx, request.where), orderBy, request.after, request.first + 1);
    const rows = this.shape(await this.runCompiled<Row>(ctx, statement), fields);
    return { rows: rows.slice(0, request.first), hasNextPage: rows.length > request.first };
  }

  async pagePerGroup(
    ctx: ReadContext,
    groupField: string & keyof T,
    groupValues: readonly unknown[],
    request: PageRequest<T>,
  ): Promise<Map<unknown, Page<T>>> {
    const result = new Map<unknown, Page<T>>(groupValues.map((value) => [value, { rows: [], hasNextPage: false }]));
    const vendorGroups = vendorValues(this.fieldMapping(groupField), groupValues);
    if (vendorGroups.length === 0) return result;
    const orderBy = this.totalOrder(request.orderBy);
    const fields = this.selectedFields(this.demanded(ctx, request.fields, [groupField, ...orderBy.map((key) => key.field)]), [groupField]);
    // A list condition on the group field itself (a department scope on encounters grouped by
    // department) is decided here for each group: the group's branch is read without it, or not at
    // all — "d IN (28 codes) AND d = 'CARD'" in each of 19 branches cost PostgreSQL 500 parameters
    // to plan, and a group the viewer may not read needs no statement.
    const { where, groupLists } = this.splitGroupLists(groupField, this.scoped(ctx, request.where));
    const readable = vendorGroups.filter((group) => groupLists.every((allowed) => allowed.has(group)));
    if (readable.length === 0) return result;
    // One limited branch per group, joined by UNION ALL: each branch reads its group's first rows
    // by the (group, order) index where the source has one, instead of numbering every row of
    // every group with row_number() and keeping the first few.
    const branch = (group: unknown, n: number) => {
      const query = this.keysetPage(this.select(fields, where).where(this.column(ALIAS, groupField), '=', group), orderBy, request.after, request.first + 1);
      return this.dialect.builder.selectFrom(query.as(`g${n}`)).selectAll() as AnyQuery;
    };
    const parametersPerBranch = Math.max(1, branch(readable[0], 0).compile().parameters.length);
    const groupsPerStatement = Math.max(1, Math.floor(this.dialect.maxListParameters / parametersPerBranch));
    const rows: Row[] = [];
    for (const part of chunk(readable, groupsPerStatement)) {
      const union = part.map((group, n) => branch(group, n)).reduce((all, next) => all.unionAll(next));
      rows.push(...(await this.run<Row>(ctx, union)));
    }
    const byGroup = new Map<unknown, T[]>();
    for (const row of this.shape(rows, fields)) {
      const group = (row as Row)[groupField];
      let list = byGroup.get(group);
      if (!list) byGroup.set(group, (list = []));
      list.push(row);
    }
    for (const [group, list] of byGroup) {
      // UNION ALL keeps no order across branches; several vendor codes may mean one canonical
      // group, whose pages merge here and are trimmed again
      list.sort((a, b) => this.compare(a as Row, b as Row, orderBy));
      result.set(group, { rows: list.slice(0, request.first), hasNextPage: list.length > request.first });
    }
    return result;
  }

  async count(ctx: ReadContext, where: Condition<T>[]): Promise<number> {
    const query = this.filtered(this.from().select(sql<number>`count(*)`.as('n')), this.scoped(ctx, where));
    const rows = await this.run<{ n: number | string }>(ctx, query);
    return Number(rows[0]?.n ?? 0);
  }

  async tally(ctx: ReadContext, where: Condition<T>[], distinctField: string & keyof T): Promise<{ rows: number; distinct: number }> {
    const column = sql.ref(this.column(ALIAS, distinctField));
    const query = this.filtered(this.from().select([sql<number>`count(*)`.as('n'), sql<number>`count(distinct ${column})`.as('d')]), this.scoped(ctx, where));
    const rows = await this.run<{ n: number | string; d: number | string }>(ctx, query);
    return { rows: Number(rows[0]?.n ?? 0), distinct: Number(rows[0]?.d ?? 0) };
  }

  async countBy(ctx: ReadContext, groupFields: readonly (string & keyof T)[], where: Condition<T>[], distinctField?: string & keyof T): Promise<GroupCount[]> {
    let query = this.filtered(
      this.from()
        .select(groupFields.map((field) => `${this.column(ALIAS, field)} as ${field}`))
        .select(sql<number>`count(*)`.as('n')),
      this.scoped(ctx, where),
    );
    if (distinctField) query = query.select(sql<number>`count(distinct ${sql.ref(this.column(ALIAS, distinctField))})`.as('d'));
    for (const field of groupFields) query = query.groupBy(this.column(ALIAS, field));
    const rows = await this.run<Row>(ctx, query);
    const merged = new Map<string, GroupCount>();
    for (const row of rows) {
      const group = groupFields.map((field) => {
        const translate = this.fieldMapping(field).toCanonical;
        return translate ? translate(row[field]) : row[field];
      });
      const id = JSON.stringify(group);
      const existing = merged.get(id);
      // Vendor codes that mean one canonical group merge; their distinct counts can only be summed
      // as an upper bound, which errs towards showing a count (never towards a wrong suppression).
      if (existing) {
        existing.count += Number(row.n);
        if (distinctField) existing.distinct = (existing.distinct ?? 0) + Number(row.d);
      } else merged.set(id, { group, count: Number(row.n), ...(distinctField ? { distinct: Number(row.d) } : {}) });
    }
    return [...merged.values()];
  }

  async aggregate(ctx: ReadContext, request: AggregateRequest): Promise<AggregateRow[]> {
    const join = request.join ? this.options.mapping.entities.get(request.join.entity) : undefined;
    if (request.join && !join) throw new Error(`${this.options.mapping.file} does not map ${request.join.entity}`);
    const ref = (value: ValueRef) => {
      const mapping = value.on === 'join' ? join! : this.mapping;
      return sql.ref(`${value.on === 'join' ? JOIN_ALIAS : ALIAS}.${mappedField(mapping, value.field).column}`);
    };
    const fn = this.dialect.fn;
    const expression = (value: ValueExpr) => {
      if (!('fn' in value)) return ref(value);
      switch (value.fn) {
        case 'month':
          // a month stored as text (e.g. YYYYMM) is its own bucket, translated below
          return this.fieldKind(value.of, join) === 'month' ? ref(value.of) : fn.month(ref(value.of));
        case 'day':
          return fn.day(ref(value.of));
        case 'hour':
          return fn.hour(ref(value.of));
        case 'days':
          return fn.days(ref(value.from), ref(value.to));
        case 'minutes':
          return fn.minutes(ref(value.from), ref(value.to));
        case 'ratio':
          return sql`case when ${ref(value.den)} <> 0 then ${fn.double(ref(value.num))} / ${fn.double(ref(value.den))} end`;
      }
    };
    let query = this.from();
    if (request.join && join) {
      const on = `${JOIN_ALIAS}.${mappedField(join, request.join.foreignField).column}`;
      const local = this.column(ALIAS, request.join.localField);
      const schema = join.schema ?? this.options.schema;
      const table = schema ? `${schema}.${join.table}` : join.table;
      query = query.innerJoin(`${table} as ${JOIN_ALIAS}`, on, local);
      for (const fixed of join.where) query = query.where(`${JOIN_ALIAS}.${fixed.column}`, '=', fixed.value);
      if (request.join.where?.length) query = query.where((eb) => this.conditions(eb, JOIN_ALIAS, join, request.join!.where!));
    }
    query = this.filtered(query, this.scoped(ctx, request.where as Condition<T>[] | undefined));
    const selections = [
      ...request.groupBy.map((group) => sql`${expression(group.value)}`.as(`g_${group.name}`)),
      ...request.measures.map((measure) => {
        const conditions: ((eb: Eb) => Expression<SqlBool>)[] = [];
        if (measure.when?.length) conditions.push((eb) => this.conditions(eb, ALIAS, this.mapping, measure.when!));
        if (measure.whenJoin?.length && join) conditions.push((eb) => this.conditions(eb, JOIN_ALIAS, join, measure.whenJoin!));
        const compare = measure.whenCompare;
        const value = measure.kind === 'count' ? sql`1` : sql`${expression(measure.value!)}`;
        return sql<number>`sum(case when ${sql.join(
          [
            ...conditions.map((condition) => condition(expressionBuilder<any, any>())),
            ...(compare ? [sql`${ref(compare.left)} ${sql.raw(compare.op)} ${compare.factor} * ${ref(compare.right)}`] : []),
            ...(measure.whenWithin ? [sql`${fn.seconds(ref(measure.whenWithin.from), ref(measure.whenWithin.to))} <= ${measure.whenWithin.minutes * 60}`] : []),
            sql`1 = 1`,
          ],
          sql` and `,
        )} then ${value} else 0 end)`.as(`m_${measure.name}`);
      }),
    ];
    let grouped = query.select(selections as never);
    for (const group of request.groupBy) grouped = grouped.groupBy(sql`${expression(group.value)}` as never);
    const rows = await this.run<Row>(ctx, grouped);
    const merged = new Map<string, AggregateRow>();
    for (const row of rows) {
      const group: Record<string, unknown> = {};
      for (const spec of request.groupBy) group[spec.name] = this.canonicalGroupValue(spec.value, row[`g_${spec.name}`], join);
      const key = JSON.stringify(group);
      let entry = merged.get(key);
      if (!entry) merged.set(key, (entry = { group, values: Object.fromEntries(request.measures.map((m) => [m.name, 0])) }));
      for (const measure of request.measures) entry.values[measure.name]! += Number(row[`m_${measure.name}`] ?? 0);
    }
    return [...merged.values()];
  }

  private fieldKind(value: ValueRef, join: EntityMapping | undefined): string | undefined {
    const mapping = value.on === 'join' ? join : this.mapping;
    return mapping?.spec.fields[value.field]?.kind;
  }

  /** group values in canonical terms: crosswalked codes, translated values, months as YYYY-MM */
  private canonicalGroupValue(value: ValueExpr, raw: unknown, join: EntityMapping | undefined): unknown {
    const target = 'fn' in value ? (value.fn === 'month' && this.fieldKind(value.of, join) === 'month' ? value.of : undefined) : value;
    if (target) {
      const translate = mappedField(target.on === 'join' ? join! : this.mapping, target.field).toCanonical;
      return translate ? translate(raw) : raw;
    }
    return typeof raw === 'bigint' ? Number(raw) : raw;
  }

  sortValues(row: T, orderBy?: SortKey<T>[]): unknown[] {
    return this.totalOrder(orderBy).map((key) => (row as Row)[key.field]);
  }

  /** the 'in' and 'eq' conditions on the group field, as sets of vendor values, apart from the rest */
  private splitGroupLists(groupField: string, conditions: Condition<T>[]): { where: Condition<T>[]; groupLists: Set<unknown>[] } {
    const where: Condition<T>[] = [];
    const groupLists: Set<unknown>[] = [];
    const target = this.fieldMapping(groupField);
    for (const condition of conditions) {
      if ((condition.op === 'in' || condition.op === 'eq') && condition.field === groupField) {
        groupLists.push(new Set(vendorValues(target, condition.op === 'in' ? condition.values : [condition.value])));
      } else where.push(condition);
    }
    return { where, groupLists };
  }

  /** the caller's conditions and the viewer's row scope, which every statement carries */
  private scoped(ctx: ReadContext, where: Condition<T>[] | undefined): Condition<T>[] {
    const scope = (ctx.scope?.(this.entity) ?? []) as Condition<T>[];
    return scope.length === 0 ? (where ?? []) : [...(where ?? []), ...scope];
  }

  // --- statement building -------------------------------------------------------------------

  private get dialect() {
    return this.options.engine.dialect;
  }

  private from(mapping: EntityMapping = this.mapping, alias = ALIAS): AnyQuery {
    const schema = mapping.schema ?? this.options.schema;
    // the schema named in the table reference, not by withSchema(): that plugin walks and copies
    // the whole statement tree again on every compile, for every statement of every request
    let query = this.dialect.builder.selectFrom(`${schema ? `${schema}.` : ''}${mapping.table} as ${alias}`) as AnyQuery;
    for (const fixed of mapping.where) query = query.where(`${alias}.${fixed.column}`, '=', fixed.value);
    return query;
  }

  private select(fields: readonly string[] | undefined, where: Condition<T>[]): AnyQuery {
    const selected = this.selectedFields(fields);
    // kysely's builders are immutable: the table, fixed conditions and column list of a set of
    // fields are built once and every statement adds its own conditions to them (parsing the
    // "t.column as field" list on every read cost a one-row lookup 4-10 % of its requests a second)
    const base = this.selectBases.get(selected.join(','), () => this.from().select(selected.map((field) => `${this.column(ALIAS, field)} as ${field}`)));
    return this.filtered(base, where);
  }

  /**
   * byValues' statement: "the selected fields where the conditions hold and column IN vendor",
   * kept by shape (kept).
   */
  private lookup(fields: readonly string[] | undefined, where: Condition<T>[], column: string, vendor: readonly unknown[]): CompiledQuery {
    const build = () => this.select(fields, where).where(column, 'in', vendor).compile();
    if (vendor.length > MAX_KEPT_PARAMETERS) return build();
    const parameters: unknown[] = [];
    const key = `lookup|${this.selectedFields(fields).join(',')}|${statementShape(this.options.mapping, this.mapping, where, parameters)}|${column}:${vendor.length}`;
    parameters.push(...vendor);
    return this.kept(key, [parameters], build);
  }

  /**
   * page's statement: "the selected fields where the conditions hold, after the cursor, in the
   * total order, the first n + 1", kept by shape as lookups are: the department list a dashboard
   * wall refreshes all day spent ≈ 60 µs of each request building and compiling it (a CPU profile
   * at PostgreSQL scale 1). The page size is in the key: bound as the last parameter where the
   * dialect binds it (limit $n), part of the text where it does not (top(n)).
   */
  private pageStatement(fields: readonly string[] | undefined, where: Condition<T>[], orderBy: SortKey<T>[], after: readonly unknown[] | undefined, limit: number): CompiledQuery {
    const build = () => this.keysetPage(this.select(fields, where), orderBy, after, limit).compile();
    const parameters: unknown[] = [];
    const shape = statementShape(this.options.mapping, this.mapping, where, parameters);
    const order = orderBy.map((key) => `${key.field}:${key.direction}`).join(',');
    const key = `page|${this.selectedFields(fields).join(',')}|${shape}|${order}|${this.cursorShape(orderBy, after, parameters)}|${limit}`;
    return this.kept(key, [parameters, [...parameters, limit]], build);
  }

  /**
   * A statement compiled once per shape and then given each request's parameters. On the first
   * build of a key, the parameters a shape walk gathered (one list per way the dialect may bind
   * them) must equal the builder's, value for value, or the key is not kept: a walk out of step
   * with the builder costs speed, never a wrong statement.
   */
  private kept(key: string, candidates: readonly unknown[][], build: () => CompiledQuery): CompiledQuery {
    if (candidates[0]!.length > MAX_KEPT_PARAMETERS) return build();
    let built: CompiledQuery | undefined;
    const kept = this.compiledStatements.get(key, () => {
      const query = (built = build());
      const bound = candidates.findIndex((parameters) => sameParameters(query.parameters, parameters));
      return bound < 0 ? null : { query, bound };
    });
    if (built) return built;
    return kept ? { ...kept.query, parameters: candidates[kept.bound]! } : build();
  }

  private filtered(query: AnyQuery, where: Condition<T>[]): AnyQuery {
    return where.length === 0 ? query : query.where((eb) => this.conditions(eb, ALIAS, this.mapping, where));
  }

  /** the fields asked for, else those the request needs (ctx.fields), with `required` added; undefined: all */
  private demanded(ctx: ReadContext, fields: readonly string[] | undefined, required: readonly string[]): readonly string[] | undefined {
    const wanted = fields ?? ctx.fields?.(this.entity);
    return wanted && this.selectedFields(wanted, required);
  }

  private selectedFields(fields: readonly string[] | undefined, required: readonly string[] = []): string[] {
    const wanted = new Set([this.keyField, ...required, ...(fields ?? this.allFields)]);
    return this.allFields.filter((field) => wanted.has(field));
  }

  private conditions(eb: Eb, alias: string, mapping: EntityMapping, where: Condition<any>[]): Expression<SqlBool> {
    return eb.and(where.map((condition) => this.condition(eb, alias, mapping, condition)));
  }

  private condition(eb: Eb, alias: string, mapping: EntityMapping, condition: Condition<any>): Expression<SqlBool> {
    if (condition.op === 'none') return sql<SqlBool>`1 = 0`;
    if (condition.op === 'or') return eb.or(condition.any.map((all) => (all.length ? this.conditions(eb, alias, mapping, all) : sql<SqlBool>`1 = 1`)));
    if (condition.op === 'exists') {
      const other = this.options.mapping.entities.get(condition.entity);
      if (!other) throw new Error(`${this.options.mapping.file} does not map ${condition.entity}`);
      const inner = `${alias}x`;
      // the correlated part is the same for every statement of a scope: built once (see select)
      let ofOuter = this.existsBases.get(mapping);
      if (!ofOuter) this.existsBases.set(mapping, (ofOuter = new Map()));
      const correlation = `${condition.entity}|${condition.foreignField}|${condition.localField}|${alias}`;
      let subquery = ofOuter.get(correlation);
      if (!subquery) {
        subquery = this.from(other, inner)
          .select(sql<number>`1`.as('one'))
          .whereRef(`${inner}.${mappedField(other, condition.foreignField).column}`, '=', `${alias}.${mappedField(mapping, condition.localField).column}`);
        ofOuter.set(correlation, subquery);
      }
      return eb.exists(condition.where.length ? subquery.where((sub) => this.conditions(sub, inner, other, condition.where)) : subquery);
    }
    const target = mappedField(mapping, condition.field);
    const column = `${alias}.${target.column}`;
    switch (condition.op) {
      case 'isNull':
        return eb(column, 'is', null);
      case 'notNull':
        return eb(column, 'is not', null);
      case 'in':
      case 'eq':
      case 'ne': {
        const vendor = vendorValues(target, condition.op === 'in' ? condition.values : [condition.value]);
        if (vendor.length === 0) return condition.op === 'ne' ? sql<SqlBool>`1 = 1` : sql<SqlBool>`1 = 0`;
        if (condition.op === 'ne') return vendor.length === 1 ? eb(column, '<>', vendor[0]) : eb(column, 'not in', vendor);
        return vendor.length === 1 ? eb(column, '=', vendor[0]) : eb(column, 'in', vendor);
      }
      default: {
        const [vendor] = target.toVendor(condition.value);
        const operator = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[condition.op];
        return eb(column, operator as '>', vendor);
      }
    }
  }

  /** the first `limit` rows of a query after the cursor, in the total order (cursorShape walks the same steps) */
  private keysetPage(query: AnyQuery, orderBy: SortKey<T>[], after: readonly unknown[] | undefined, limit: number): AnyQuery {
    if (after) query = query.where((eb) => this.after(eb, orderBy, after));
    for (const key of orderBy) query = query.orderBy(this.column(ALIAS, key.field), key.direction);
    return this.dialect.limit(query, limit);
  }

  /** rows strictly after the cursor in the total order (keyset pagination) */
  private after(eb: Eb, orderBy: SortKey<T>[], values: readonly unknown[]): Expression<SqlBool> {
    if (values.length !== orderBy.length) return sql<SqlBool>`1 = 0`;
    const vendor = this.cursorVendor(orderBy, values);
    const branches = orderBy.map((key, i) =>
      eb.and([
        ...orderBy.slice(0, i).map((previous, j) => eb(this.column(ALIAS, previous.field), '=', vendor[j])),
        eb(this.column(ALIAS, key.field), key.direction === 'asc' ? '>' : '<', vendor[i]),
      ]),
    );
    return eb.or(branches);
  }

  /** a cursor's part of a page statement's shape, its parameters pushed in the order after() binds them */
  private cursorShape(orderBy: SortKey<T>[], values: readonly unknown[] | undefined, parameters: unknown[]): string {
    if (!values) return 'first';
    if (values.length !== orderBy.length) return 'after:none';
    const vendor = this.cursorVendor(orderBy, values);
    for (let i = 0; i < vendor.length; i++) parameters.push(...vendor.slice(0, i + 1));
    return 'after';
  }

  /** a cursor's sort values (strings and numbers: decodeCursor) as the vendor's */
  private cursorVendor(orderBy: SortKey<T>[], values: readonly unknown[]): unknown[] {
    return orderBy.map((key, i) => this.fieldMapping(key.field).toVendor(values[i])[0]);
  }

  private totalOrder(orderBy: SortKey<T>[] = []): SortKey<T>[] {
    const keys = orderBy.filter((key) => key.field !== this.keyField);
    return [...keys, { field: this.keyField as string & keyof T, direction: 'asc' }];
  }

  private compare(a: Row, b: Row, orderBy: SortKey<T>[]): number {
    for (const key of orderBy) {
      const x = a[key.field] as string | number;
      const y = b[key.field] as string | number;
      if (x !== y) return (x < y ? -1 : 1) * (key.direction === 'asc' ? 1 : -1);
    }
    return 0;
  }

  private column(alias: string, field: string): string {
    return `${alias}.${this.fieldMapping(field).column}`;
  }

  private fieldMapping(field: string): FieldMapping {
    return mappedField(this.mapping, field);
  }

  // --- execution and row shaping --------------------------------------------------------------

  private async run<R>(ctx: ReadContext, query: AnyQuery): Promise<R[]> {
    return this.runCompiled(ctx, query.compile());
  }

  private async runCompiled<R>(ctx: ReadContext, compiled: CompiledQuery): Promise<R[]> {
    try {
      return await this.options.engine.execute<R>(compiled, { source: this.options.source, onStatement: ctx.onStatement, onStatementFailed: ctx.onStatementFailed });
    } catch (error) {
      throw new SourceQueryError(this.options.source, this.entity, error);
    }
  }

  /** vendor values → canonical values, in place: rows arrive keyed by canonical field names */
  private shape(rows: Row[], fields: readonly string[] | undefined): T[] {
    const converters: [string, (value: unknown) => unknown][] = [];
    for (const field of this.selectedFields(fields)) {
      const convert = this.fieldMapping(field).toCanonical;
      if (convert) converters.push([field, convert]);
    }
    for (const row of rows) {
      for (const [field, convert] of converters) row[field] = convert(row[field]);
    }
    return rows as T[];
  }
}

function chunk<V>(values: readonly V[], size: number): V[][] {
  const parts: V[][] = [];
  for (let i = 0; i < values.length; i += size) parts.push(values.slice(i, i + size));
  return parts;
}

/** the same values in the same order; dates by their time (a conversion may make a new Date each call) */
function sameParameters(built: readonly unknown[], walked: readonly unknown[]): boolean {
  if (built.length !== walked.length) return false;
  return built.every((value, i) => {
    const other = walked[i];
    if (value instanceof Date && other instanceof Date) return value.getTime() === other.getTime();
    return Object.is(value, other);
  });
}
