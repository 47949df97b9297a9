import pg from 'pg';
import { CompiledQuery } from 'kysely';
import { createPostgresEngine } from '../../adapters/sql/postgres/postgres-driver';
import { StatementReuse } from '../../adapters/sql/postgres/statement-reuse';
import type { SqlEngine } from '../../adapters/sql/sql-engine';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { AuditEventDraft } from '../../src/audit/audit-event';
import { AuditStore } from '../../src/audit/store/audit-store';
import { postgresAuditDatabase } from '../../src/audit/store/postgres-audit-database';
import { describeWithEngine, PG_URL, TEST_PREFIX } from '../support/test-env';

/**
 * PostgreSQL keeps the gateway's small statements prepared on each connection (parsed and planned
 * once), never more than the configured number, and a statement whose prepared form went stale
 * after a schema change still answers.
 */
describe('statement reuse: which statements are named', () => {
  it('names a statement once, the same way every time, and only small ones', () => {
    const reuse = new StatementReuse({ maxParameters: 4, maxStatements: 100 });
    const name = reuse.nameFor('select $1', 1);
    expect(name).toMatch(/^gw_[0-9a-f]{24}$/);
    expect(reuse.nameFor('select $1', 1)).toBe(name);
    expect(reuse.nameFor('select $2', 1)).not.toBe(name);
    expect(reuse.nameFor('select $1, $2, $3, $4, $5', 5)).toBeUndefined();
  });

  it('stops naming new statements at its bound, and retires a statement for good', () => {
    const reuse = new StatementReuse({ maxParameters: 4, maxStatements: 3 });
    const names = Array.from({ length: 5 }, (_, i) => reuse.nameFor(`select ${i}`, 0));
    expect(names.filter(Boolean)).toHaveLength(3);
    expect(reuse.named).toBe(3);
    reuse.retire('select 0');
    expect(reuse.nameFor('select 0', 0)).toBeUndefined();
    expect(reuse.named).toBe(2);
  });
});

describeWithEngine('postgres', 'prepared statements on PostgreSQL', () => {
  const table = `"${TEST_PREFIX}prepared_probe"`;
  let admin: pg.Client;
  let engine: SqlEngine;
  const run = <R>(sql: string, parameters: unknown[] = []) => engine.execute<R>(CompiledQuery.raw(sql, parameters), { source: 'test' });

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP TABLE IF EXISTS ${table}`);
    await admin.query(`CREATE TABLE ${table} (id int PRIMARY KEY, name text)`);
    await admin.query(`INSERT INTO ${table} VALUES (1, 'one'), (2, 'two')`);
    // one connection, so that every statement runs where the earlier ones were prepared
    engine = createPostgresEngine({ url: PG_URL, poolSize: 1, statementTimeoutMs: 10_000, applicationName: 'gwtest-prepared', statementReuse: { maxParameters: 8, maxStatements: 50 } });
  });

  afterAll(async () => {
    await engine?.close();
    await admin?.query(`DROP TABLE IF EXISTS ${table}`);
    await admin?.end();
  });

  const prepared = () => run<{ name: string; statement: string }>('select name, statement from pg_prepared_statements where $1::int = 1', [1]);

  it('keeps a small statement prepared on the connection after its first run', async () => {
    const lookup = `select name from ${table} where id = $1`;
    expect(await run(lookup, [1])).toEqual([{ name: 'one' }]);
    expect(await run(lookup, [2])).toEqual([{ name: 'two' }]);
    const statements = await prepared();
    expect(statements.filter((s) => s.statement === lookup)).toHaveLength(1);
    expect(statements.find((s) => s.statement === lookup)!.name).toMatch(/^gw_/);
  });

  it('sends a statement with many parameters unnamed', async () => {
    const list = `select name from ${table} where id in (${Array.from({ length: 9 }, (_, i) => `$${i + 1}`).join(', ')}) order by id`;
    expect(await run(list, [1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([{ name: 'one' }, { name: 'two' }]);
    expect((await prepared()).some((s) => s.statement === list)).toBe(false);
  });

  it('answers a statement whose prepared form went stale after the table changed', async () => {
    const everything = `select * from ${table} where id = $1`;
    expect(await run(everything, [1])).toEqual([{ id: 1, name: 'one' }]);
    await admin.query(`ALTER TABLE ${table} ADD COLUMN ward text DEFAULT 'W1'`);
    expect(await run(everything, [1])).toEqual([{ id: 1, name: 'one', ward: 'W1' }]);
    expect(await run(everything, [2])).toEqual([{ id: 2, name: 'two', ward: 'W1' }]);
  });

  it('names nothing when prepared statements are turned off', async () => {
    const off = createPostgresEngine({ url: PG_URL, poolSize: 1, statementTimeoutMs: 10_000, applicationName: 'gwtest-unprepared', statementReuse: { maxParameters: 0, maxStatements: 0 } });
    try {
      const statement = (sql: string) => off.execute<{ n: string }>(CompiledQuery.raw(sql, []), { source: 'test' });
      await statement(`select count(*)::text as n from ${table}`);
      expect(await statement('select count(*)::text as n from pg_prepared_statements')).toEqual([{ n: '0' }]);
    } finally {
      await off.close();
    }
  });
});

describeWithEngine('postgres', 'prepared statements of the audit appends', () => {
  const schema = `${TEST_PREFIX}audit_prepared_${process.pid}`;

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('keeps the lock, the inserts and the head update prepared on the audit connection, named audit_…', async () => {
    // one connection, so that pg_prepared_statements is the appends' connection
    const db = postgresAuditDatabase(PG_URL, { poolSize: 1, statementTimeoutMs: 10_000 });
    try {
      const store = new AuditStore(db, 'audit-seal-secret-for-tests-32-bytes!!', schema);
      await store.init();
      const event = (i: number): AuditEventDraft => ({
        id: randomUUID(), at: new Date().toISOString(), requestId: `req-${i}`,
        actor: { id: 'doc', name: null, roles: ['clinician'], departments: ['CARD'], ip: null, userAgent: null },
        action: 'READ', operationName: 'Probe', operationHash: 'a'.repeat(64), entityType: 'Patient',
        entityIds: [`BR${i}`], patientIds: [`BR${i}`], fields: ['name'], outcome: 'ALLOWED', purpose: null, filter: null,
      });
      await store.append([event(1)]);
      await store.append([event(2), event(3)]);
      const names = (await db.query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements'));
      const audit = names.filter((row) => row.name.startsWith('audit_'));
      // the head lock, the events as VALUES (one statement per number of rows: one and two here),
      // the subject rows through unnest, the head update
      expect(audit.map((row) => row.statement).sort()).toEqual([
        expect.stringMatching(/^INSERT INTO .*audit_event.* VALUES \(\$1, [^)]*\$14\)$/),
        expect.stringMatching(/^INSERT INTO .*audit_event.* VALUES \(\$1, [^)]*\), \(\$15, [^)]*\$28\)$/),
        expect.stringMatching(/^INSERT INTO .*audit_subject.* unnest\(/),
        expect.stringMatching(/^SELECT .*audit_chain_head.* FOR UPDATE/),
        expect.stringMatching(/^UPDATE .*audit_chain_head/),
      ]);
      expect(await store.verify()).toMatchObject({ ok: true, checkedRecords: 3 });

      // two round trips, each one socket write: BEGIN with the lock, then the writes with COMMIT
      const writes = [jest.spyOn(net.Socket.prototype as any, '_write'), jest.spyOn(net.Socket.prototype as any, '_writev')];
      try {
        await store.append([event(4), event(5)]);
        expect(writes.map((spy) => spy.mock.calls.length).reduce((a, b) => a + b)).toBe(2);
      } finally {
        for (const spy of writes) spy.mockRestore();
      }
      expect(await store.verify()).toMatchObject({ ok: true, checkedRecords: 5 });
    } finally {
      await db.close();
    }
  });

  it('compresses the records of a new store with lz4 where the server has it, and starts without it where not', async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      const lz4 = await admin.query('CREATE TEMP TABLE lz4_probe (t text COMPRESSION lz4)').then(() => true, () => false);
      const db = postgresAuditDatabase(PG_URL, { poolSize: 1, statementTimeoutMs: 10_000 });
      try {
        const store = new AuditStore(db, 'audit-seal-secret-for-tests-32-bytes!!', `${schema}_lz4`);
        await store.init();
        const [column] = (await admin.query(`SELECT attcompression FROM pg_attribute WHERE attrelid = '"${schema}_lz4".audit_event'::regclass AND attname = 'record'`)).rows;
        expect(column.attcompression).toBe(lz4 ? 'l' : '');
      } finally {
        await db.close();
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}_lz4" CASCADE`);
      }
    } finally {
      await admin.end();
    }
  });
});

