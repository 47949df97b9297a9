import { parseMapping } from '../../adapters/mapping/load-mapping';
import { MappedEntityReader } from '../../adapters/mapping/mapped-entity-reader';
import { createSiteTime } from '../../adapters/mapping/site-time';
import type { Condition, ReadContext, SortKey } from '../../adapters/entity-reader';
import type { Encounter, Patient } from '../../adapters/model/canonical-model';
import { mssqlDialect } from '../../adapters/sql/mssql/mssql-dialect';
import { mysqlDialect } from '../../adapters/sql/mysql/mysql-dialect';
import { postgresDialect } from '../../adapters/sql/postgres/postgres-dialect';
import type { SqlDialect } from '../../adapters/sql/sql-dialect';
import { resolvePolicy } from '../../src/permissions/access-policy';
import { rowScope } from '../../src/permissions/row-scope';
import { capturingEngine } from '../support/capturing-engine';
import { DEMO_MAPPING_FILES, demoMappingText } from '../support/mapping-fixtures';

/**
 * A reader keeps byValues' and page's statements compiled by shape (adapters/mapping/statement-shape.ts)
 * and gives a repeated shape new parameters instead of building it again. These tests hold the kept
 * statements to what building afresh gives: the same text and the same parameters, for every
 * kind of condition, row scope, list length, order, cursor and page size, on each dialect, with all the shapes passing
 * through one reader in turn (a key shared by two different texts would hand one of them the
 * other's). Results against real servers: the engine and permission suites, which read through
 * the same path.
 */
const dialects: [string, SqlDialect][] = [
  ['postgres', postgresDialect],
  ['mysql', mysqlDialect],
  ['mssql', mssqlDialect],
];

const scopeOf = (roles: string[], departments: string[]) => rowScope(resolvePolicy({ id: 'u', name: null, roles, departments }, { smallCellK: 5 }));

/** filters a dashboard or a relation may put on encounters, each a different statement shape */
const ENCOUNTER_FILTERS: Condition<Encounter>[][] = [
  [],
  [{ op: 'eq', field: 'kind', value: 'INPATIENT' }],
  [{ op: 'in', field: 'kind', values: ['INPATIENT', 'EMERGENCY'] }],
  [{ op: 'in', field: 'kind', values: [] }],
  [{ op: 'ne', field: 'kind', value: 'OUTPATIENT' }],
  [{ op: 'in', field: 'departmentCode', values: ['CARD', 'RESP', 'GSUR'] }],
  [{ op: 'in', field: 'departmentCode', values: ['NOT-A-DEPARTMENT'] }],
  [{ op: 'gte', field: 'admittedAt', value: '2025-01-01T00:00:00+08:00' }, { op: 'lt', field: 'admittedAt', value: '2025-02-01T00:00:00+08:00' }],
  [{ op: 'gt', field: 'admittedAt', value: '2025-01-01T00:00:00+08:00' }],
  [{ op: 'lte', field: 'admittedAt', value: '2025-01-01T00:00:00+08:00' }],
  [{ op: 'isNull', field: 'dischargedAt' }],
  [{ op: 'notNull', field: 'dischargedAt' }, { op: 'eq', field: 'unplannedReadmission', value: true }],
  [{ op: 'none' }],
  [{ op: 'or', any: [[{ op: 'eq', field: 'kind', value: 'INPATIENT' }], []] }],
  [{ op: 'or', any: [[{ op: 'eq', field: 'kind', value: 'INPATIENT' }, { op: 'eq', field: 'departmentCode', value: 'CARD' }], [{ op: 'eq', field: 'dischargeOutcome', value: 'DIED' }]] }],
  [{ op: 'exists', entity: 'Diagnosis', foreignField: 'encounterId', localField: 'id', where: [{ op: 'eq', field: 'type', value: 'PRINCIPAL' }] }],
  // the same entity correlated by other columns: another text
  [{ op: 'exists', entity: 'Diagnosis', foreignField: 'encounterId', localField: 'id', where: [] }],
  [{ op: 'exists', entity: 'Diagnosis', foreignField: 'encounterId', localField: 'patientId', where: [] }],
  [{ op: 'exists', entity: 'Diagnosis', foreignField: 'id', localField: 'id', where: [] }],
  // another entity correlated by the same fields
  [{ op: 'exists', entity: 'Procedure', foreignField: 'encounterId', localField: 'id', where: [] }],
];

/** filters on patients: a many-to-one value (UNKNOWN is '0' and '9'), EXISTS with and without conditions */
const PATIENT_FILTERS: Condition<Patient>[][] = [
  [],
  [{ op: 'eq', field: 'gender', value: 'UNKNOWN' }],
  [{ op: 'eq', field: 'gender', value: 'MALE' }],
  [{ op: 'ne', field: 'gender', value: 'UNKNOWN' }],
  [{ op: 'in', field: 'gender', values: ['MALE', 'UNKNOWN'] }],
  [{ op: 'exists', entity: 'Encounter', foreignField: 'patientId', localField: 'id', where: [] }],
  [{ op: 'exists', entity: 'Encounter', foreignField: 'patientId', localField: 'id', where: [{ op: 'in', field: 'departmentCode', values: ['CARD', 'RESP'] }] }],
];

const SCOPES: [string, ReadContext['scope']][] = [
  ['none', undefined],
  ['clinician of CARD', scopeOf(['clinician'], ['CARD'])],
  ['clinician of three departments', scopeOf(['clinician'], ['CARD', 'RESP', 'GSUR'])],
  ['director of CARD', scopeOf(['dept_director'], ['CARD'])],
  ['analyst', scopeOf(['analyst'], [])],
];

const KEY_LISTS = [['K1'], ['K1', 'K2'], ['K3'], ['K4', 'K5', 'K6'], ['K7']];

const mappings = new Map<SqlDialect, ReturnType<typeof parseMapping>>();

/** a reader with nothing kept yet (the mapping itself is read once per dialect: it is immutable) */
function readerOn<T>(dialect: SqlDialect, entity: 'Patient' | 'Encounter') {
  const engine = capturingEngine(dialect);
  let mapping = mappings.get(dialect);
  if (!mapping) mappings.set(dialect, (mapping = parseMapping(DEMO_MAPPING_FILES.HIS, demoMappingText('HIS'), { expectedSystem: 'HIS', siteTime: createSiteTime('Asia/Shanghai'), dateTimeParameter: dialect.dateTimeParameter })));
  return { engine, reader: new MappedEntityReader<T>(entity, { source: 'his', engine, mapping, schema: 'his' }) };
}

interface Lookup {
  entity: 'Patient' | 'Encounter';
  field: string;
  keys: string[];
  where: Condition<any>[];
  scope: ReadContext['scope'];
  fields?: string[];
}

function lookups(): Lookup[] {
  const all: Lookup[] = [];
  for (const [, scope] of SCOPES) {
    for (const keys of KEY_LISTS) {
      for (const where of ENCOUNTER_FILTERS) {
        all.push({ entity: 'Encounter', field: 'patientId', keys, where, scope });
        all.push({ entity: 'Encounter', field: 'id', keys, where, scope, fields: ['id', 'kind'] });
        // by a field no EXISTS correlates on: nothing is pushed down
        all.push({ entity: 'Encounter', field: 'attendingDoctorId', keys, where, scope });
      }
      // by id: a scope's EXISTS on the patient gets the keys pushed down into it
      for (const where of PATIENT_FILTERS) all.push({ entity: 'Patient', field: 'id', keys, where, scope, fields: ['id', 'name', 'gender'] });
    }
  }
  return all;
}

async function statementOf(reader: MappedEntityReader<any>, engine: ReturnType<typeof capturingEngine>, lookup: Lookup) {
  engine.statements.length = 0;
  await reader.byValues({ scope: lookup.scope }, lookup.field as never, lookup.keys, { where: lookup.where, ...(lookup.fields ? { fields: lookup.fields as never } : {}) });
  return engine.statements.map((statement) => ({ sql: statement.sql, parameters: statement.parameters }));
}

describe.each(dialects)('byValues compiled once per shape (%s)', (_, dialect) => {
  it('gives every lookup, through one reader that keeps its shapes, the statement a fresh reader builds', async () => {
    const kept = { Patient: readerOn<Patient>(dialect, 'Patient'), Encounter: readerOn<Encounter>(dialect, 'Encounter') };
    const all = lookups();
    // twice over, the second time in reverse: every shape is met again after all the others
    for (const lookup of [...all, ...[...all].reverse()]) {
      const fresh = readerOn(dialect, lookup.entity);
      const expected = await statementOf(fresh.reader, fresh.engine, lookup);
      const actual = await statementOf(kept[lookup.entity].reader, kept[lookup.entity].engine, lookup);
      expect(actual).toEqual(expected);
    }
  });

  it('reuses the compiled statement for a repeated shape and binds the new keys', async () => {
    const { reader, engine } = readerOn<Patient>(dialect, 'Patient');
    const scope = scopeOf(['clinician'], ['CARD']);
    await reader.byValues({ scope }, 'id', ['BR1']);
    await reader.byValues({ scope }, 'id', ['BR2']);
    const [first, second] = engine.statements;
    expect(second!.sql).toBe(first!.sql);
    // the same compiled tree: not built again
    expect(second!.query).toBe(first!.query);
    expect(second!.parameters).toContain('BR2');
    expect(second!.parameters).not.toContain('BR1');
  });

  it('keeps no lookup of many keys: a relation\'s long IN-list rarely repeats, and a kept statement holds its first keys', async () => {
    const { reader, engine } = readerOn<Patient>(dialect, 'Patient');
    const keys = (from: number) => Array.from({ length: 100 }, (_, i) => `BR${from + i}`);
    await reader.byValues({}, 'id', keys(0));
    await reader.byValues({}, 'id', keys(1000));
    const [first, second] = engine.statements;
    expect(second!.sql).toBe(first!.sql);
    expect(second!.query).not.toBe(first!.query);
    expect(second!.parameters).toEqual(keys(1000));
  });
});

interface PageRead {
  where: Condition<Encounter>[];
  scope: ReadContext['scope'];
  orderBy?: SortKey<Encounter>[];
  after?: unknown[];
  first: number;
  fields?: string[];
}

/** orders a list may ask for, each with cursors of its length (a cursor of the wrong length matches nothing) */
const ORDERS: { orderBy?: SortKey<Encounter>[]; cursors: (unknown[] | undefined)[] }[] = [
  { cursors: [undefined, ['E1'], ['E2'], []] },
  { orderBy: [{ field: 'admittedAt', direction: 'desc' }], cursors: [undefined, ['2025-01-02T08:00:00+08:00', 'E1'], ['2025-03-04T09:30:00+08:00', 'E9'], ['E1']] },
  { orderBy: [{ field: 'kind', direction: 'asc' }, { field: 'admittedAt', direction: 'asc' }], cursors: [undefined, ['INPATIENT', '2025-01-02T08:00:00+08:00', 'E1'], ['OUTPATIENT', '2025-01-02T08:00:00+08:00', 'E2']] },
];

function pageReads(): PageRead[] {
  const all: PageRead[] = [];
  for (const [, scope] of SCOPES) {
    for (const where of ENCOUNTER_FILTERS) {
      for (const { orderBy, cursors } of ORDERS) {
        for (const after of cursors) {
          for (const first of [1, 20]) all.push({ where, scope, orderBy, after, first, ...(first === 1 ? { fields: ['id', 'kind'] } : {}) });
        }
      }
    }
  }
  return all;
}

async function pageStatementOf(reader: MappedEntityReader<Encounter>, engine: ReturnType<typeof capturingEngine>, read: PageRead) {
  engine.statements.length = 0;
  await reader.page({ scope: read.scope }, { where: read.where, orderBy: read.orderBy, after: read.after, first: read.first, ...(read.fields ? { fields: read.fields as never } : {}) });
  return engine.statements.map((statement) => ({ sql: statement.sql, parameters: statement.parameters }));
}

describe.each(dialects)('page compiled once per shape (%s)', (_, dialect) => {
  it('gives every page, through one reader that keeps its shapes, the statement a fresh reader builds', async () => {
    const kept = readerOn<Encounter>(dialect, 'Encounter');
    const all = pageReads();
    for (const read of [...all, ...[...all].reverse()]) {
      const fresh = readerOn<Encounter>(dialect, 'Encounter');
      const expected = await pageStatementOf(fresh.reader, fresh.engine, read);
      const actual = await pageStatementOf(kept.reader, kept.engine, read);
      expect(actual).toEqual(expected);
    }
  });

  it('reuses the compiled statement for a repeated page and binds the new cursor and scope', async () => {
    const { reader, engine } = readerOn<Encounter>(dialect, 'Encounter');
    const orderBy: SortKey<Encounter>[] = [{ field: 'admittedAt', direction: 'desc' }];
    await reader.page({ scope: scopeOf(['clinician'], ['CARD']) }, { orderBy, after: ['2025-01-02T08:00:00+08:00', 'E1'], first: 20 });
    await reader.page({ scope: scopeOf(['clinician'], ['RESP']) }, { orderBy, after: ['2025-03-04T09:30:00+08:00', 'E9'], first: 20 });
    const [first, second] = engine.statements;
    expect(second!.sql).toBe(first!.sql);
    // the same compiled tree: not built again
    expect(second!.query).toBe(first!.query);
    expect(second!.parameters).toContain('E9');
    expect(second!.parameters).not.toContain('E1');
    expect(second!.parameters).not.toEqual(first!.parameters);
  });

  it('builds another statement for another page size', async () => {
    const { reader, engine } = readerOn<Encounter>(dialect, 'Encounter');
    await reader.page({}, { first: 20 });
    await reader.page({}, { first: 50 });
    const [first, second] = engine.statements;
    expect(second!.query).not.toBe(first!.query);
    // top(51) in the text, or 51 bound
    expect(JSON.stringify([second!.sql, second!.parameters])).toContain('51');
  });
});
