import { Parser } from 'node-sql-parser';
import { parseMapping } from '../../adapters/mapping/load-mapping';
import { MappedEntityReader } from '../../adapters/mapping/mapped-entity-reader';
import type { Encounter, LabOrder, Patient } from '../../adapters/model/canonical-model';
import type { SourceKind } from '../../adapters/model/field-spec';
import { mssqlDialect } from '../../adapters/sql/mssql/mssql-dialect';
import { createSiteTime } from '../../adapters/mapping/site-time';
import { capturingEngine } from '../support/capturing-engine';
import { DEMO_MAPPING_FILES, demoMappingText } from '../support/mapping-fixtures';
import { resolvePolicy } from '../../src/permissions/access-policy';
import { rowScope } from '../../src/permissions/row-scope';

/**
 * SQL Server cannot run on this machine: these tests compile the statements the gateway sends to
 * a SQL Server source for the engine suite's scenarios and check them — T-SQL paging, parameter
 * limits, identifier quoting, parameter formats — and that each parses as T-SQL. The live suite
 * (tests/engine/mssql-live.test.ts) runs the scenarios when MSSQL_URL is set.
 */
const parser = new Parser();
const ctx = {};

function reader<T>(system: SourceKind, entity: ConstructorParameters<typeof MappedEntityReader>[0]) {
  const engine = capturingEngine(mssqlDialect);
  const mapping = parseMapping(DEMO_MAPPING_FILES[system], demoMappingText(system), {
    expectedSystem: system,
    siteTime: createSiteTime('Asia/Shanghai'),
    dateTimeParameter: mssqlDialect.dateTimeParameter,
  });
  return { engine, reader: new MappedEntityReader<T>(entity, { source: system.toLowerCase(), engine, mapping, schema: 'dbo' }) };
}

function expectTsql(sql: string, parameters: readonly unknown[]) {
  expect(sql).not.toMatch(/\blimit\b|`|"/i);
  expect(parameters.length).toBeLessThanOrEqual(2100);
  // Parameters are @1..@n, in order, and every one is used.
  const used = [...sql.matchAll(/@(\d+)/g)].map((match) => Number(match[1]));
  expect(new Set(used)).toEqual(new Set(parameters.map((_, i) => i + 1)));
  expect(() => parser.astify(sql, { database: 'TransactSQL' })).not.toThrow();
}

describe('T-SQL compiled for a SQL Server source', () => {
  it('carries a clinician’s row scope in every statement: EXISTS for patients, IN for rows with a department', async () => {
    const policy = resolvePolicy({ id: 'doc', name: null, roles: ['clinician'], departments: ['CARD', 'RESP'] }, { smallCellK: 5 });
    const scoped = { scope: rowScope(policy) };
    const { engine, reader: patients } = reader<Patient>('HIS', 'Patient');
    await patients.page(scoped, { first: 20 });
    await patients.tally(scoped, [], 'id');
    const { engine: lis, reader: orders } = reader<LabOrder>('LIS', 'LabOrder');
    await orders.byValues(scoped, 'encounterId', ['ZY0000000001']);
    for (const statement of engine.statements) {
      expect(statement.sql).toMatch(/exists \(select 1 as \[one\] from \[dbo\]\.\[V_JZJL\] as \[tx\] where \[tx\]\.\[BRID\] = \[t\]\.\[BRID\] and \[tx\]\.\[KSDM\] in \(@\d+, @\d+\)\)/);
      expect(statement.parameters).toEqual(expect.arrayContaining(['0101', '0102']));
      expectTsql(statement.sql, statement.parameters);
    }
    expect(lis.statements[0]!.sql).toMatch(/\[t\]\.\[req_dept\] in \(@\d+, @\d+\)/);
    expect(lis.statements[0]!.parameters).toEqual(expect.arrayContaining(['K101', 'K102']));
    expectTsql(lis.statements[0]!.sql, lis.statements[0]!.parameters);
  });

  it('chunks key lists under the 2,100-parameter limit and covers every key once', async () => {
    const { engine, reader: patients } = reader<Patient>('HIS', 'Patient');
    const ids = Array.from({ length: 4_500 }, (_, i) => `P${String(i).padStart(6, '0')}`);
    await patients.byValues(ctx, 'id', ids);
    expect(engine.statements).toHaveLength(3);
    const sent = engine.statements.flatMap((statement) => statement.parameters);
    expect([...sent].sort()).toEqual([...ids].sort());
    for (const statement of engine.statements) {
      expect(statement.parameters.length).toBeLessThanOrEqual(mssqlDialect.maxListParameters);
      expect(statement.sql).toMatch(/^select \[t\]\.\[BRID\] as \[id\], .* from \[dbo\]\.\[GY_BRXX\] as \[t\] where \[t\]\.\[BRID\] in \(@1, @2, /);
      expectTsql(statement.sql, statement.parameters);
    }
  });

  it('pages with TOP and keyset conditions in the order of the list, never LIMIT', async () => {
    const { engine, reader: encounters } = reader<Encounter>('HIS', 'Encounter');
    await encounters.page(ctx, {
      where: [{ op: 'in', field: 'departmentCode', values: ['CARD', 'RESP'] }, { op: 'gte', field: 'admittedAt', value: '2026-03-01 00:00:00' }],
      orderBy: [{ field: 'admittedAt', direction: 'asc' }],
      first: 50,
      after: ['2026-03-02T08:15:00+08:00', 'ZY000123'],
    });
    const [statement] = engine.statements;
    expect(statement!.sql).toMatch(/^select top\(51\) /);
    expect(statement!.sql).toContain('from [dbo].[V_JZJL] as [t]');
    expect(statement!.sql).toMatch(/order by \[t\]\.\[KSSJ\] asc, \[t\]\.\[JZH\] asc$/);
    // Department codes go out as the HIS's own codes; date-times as ISO local time with a T.
    expect(statement!.parameters).toEqual(['0101', '0102', '2026-03-01T00:00:00', '2026-03-02T08:15:00', '2026-03-02T08:15:00', 'ZY000123']);
    expectTsql(statement!.sql, statement!.parameters);
  });

  it('loads one page per parent as UNION ALL of TOP(n) branches, one per parent', async () => {
    const { engine, reader: encounters } = reader<Encounter>('HIS', 'Encounter');
    await encounters.pagePerGroup(ctx, 'departmentCode', ['CARD', 'GSUR'], { where: [{ op: 'eq', field: 'kind', value: 'INPATIENT' }], orderBy: [{ field: 'admittedAt', direction: 'asc' }], first: 10 });
    expect(engine.statements).toHaveLength(1);
    const [statement] = engine.statements;
    const branches = statement!.sql.split(' union all ');
    expect(branches).toHaveLength(2);
    for (const branch of branches) {
      expect(branch).toMatch(/^select \* from \(select top\(11\) /);
      expect(branch).toMatch(/where \[t\]\.\[JZLX\] = @\d+ and \[t\]\.\[KSDM\] = @\d+ order by \[t\]\.\[KSSJ\] asc, \[t\]\.\[JZH\] asc\) as \[g\d\]$/);
    }
    expect(statement!.parameters).toEqual(['3', '0101', '3', '0201']);
    expectTsql(statement!.sql, statement!.parameters);
  });

  it('splits the branches of a page per parent over statements under the 2,100-parameter limit', async () => {
    const { engine, reader: encounters } = reader<Encounter>('HIS', 'Encounter');
    // a row scope of 900 granted patients makes each branch carry 900 parameters
    const patients = Array.from({ length: 900 }, (_, i) => `BR${String(i).padStart(8, '0')}`);
    await encounters.pagePerGroup(ctx, 'departmentCode', ['CARD', 'GSUR', 'RESP'], { where: [{ op: 'in', field: 'patientId', values: patients }], orderBy: [{ field: 'admittedAt', direction: 'asc' }], first: 2 });
    expect(engine.statements).toHaveLength(2);
    for (const statement of engine.statements) {
      expect(statement.parameters.length).toBeLessThanOrEqual(2_100);
      expectTsql(statement.sql, statement.parameters);
    }
    expect(engine.statements.reduce((n, s) => n + s.sql.split(' union all ').length, 0)).toBe(3);
  });

  it('counts with COUNT(*) and GROUP BY, translating crosswalked codes', async () => {
    const { engine, reader: orders } = reader<LabOrder>('LIS', 'LabOrder');
    await orders.count(ctx, [{ op: 'in', field: 'departmentCode', values: ['CARD'] }]);
    await orders.countBy(ctx, ['departmentCode'], [{ op: 'gte', field: 'orderedAt', value: '2026-01-01T00:00:00+08:00' }]);
    const [count, grouped] = engine.statements;
    expect(count!.sql).toBe('select count(*) as [n] from [dbo].[lab_request] as [t] where [t].[req_dept] = @1');
    expect(count!.parameters).toEqual(['K101']);
    expect(grouped!.sql).toBe('select [t].[req_dept] as [departmentCode], count(*) as [n] from [dbo].[lab_request] as [t] where [t].[req_time] >= @1 group by [t].[req_dept]');
    expect(grouped!.parameters).toEqual(['2026-01-01T00:00:00']);
    for (const statement of engine.statements) expectTsql(statement.sql, statement.parameters);
  });

  it('keeps the mapping’s fixed conditions and pushes relation filters down as EXISTS', async () => {
    const { engine, reader: patients } = reader<Patient>('HIS', 'Patient');
    await patients.page(ctx, {
      where: [{ op: 'exists', entity: 'Encounter', foreignField: 'patientId', localField: 'id', where: [{ op: 'in', field: 'departmentCode', values: ['ORTH'] }] }],
      first: 20,
    });
    const [statement] = engine.statements;
    expect(statement!.sql).toContain('where exists (select 1 as [one] from [dbo].[V_JZJL] as [tx] where [tx].[BRID] = [t].[BRID] and [tx].[KSDM] = @1)');
    expect(statement!.sql).toMatch(/^select top\(21\) /);
    expect(statement!.parameters).toEqual(['0202']);
    const { engine: departmentsEngine, reader: departments } = reader('HIS', 'Department');
    await departments.page(ctx, { first: 100 });
    expect(departmentsEngine.statements[0]!.sql).toContain('where [t].[ZFBZ] = @1');
    expect(departmentsEngine.statements[0]!.parameters[0]).toBe('0');
  });

  it('quotes identifiers with brackets, doubling a closing bracket inside a name', () => {
    const sql = mssqlDialect.builder.selectFrom('odd]name as t').select('t.col]umn').compile().sql;
    expect(sql).toBe('select [t].[col]]umn] from [odd]]name] as [t]');
  });

  it('asks for nothing when a filter value has no vendor code', async () => {
    const { engine, reader: orders } = reader<LabOrder>('LIS', 'LabOrder');
    const rows = await orders.byValues(ctx, 'departmentCode', ['NO_SUCH_DEPARTMENT']);
    expect(rows).toEqual([]);
    expect(engine.statements).toHaveLength(0);
  });
});
