import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { mysqlTarget } from '../src/demo/targets/mysql-target';
import { pgliteTarget } from '../src/demo/targets/pglite-target';
import { postgresTarget } from '../src/demo/targets/postgres-target';
import { demoNamespaces, writeDemo } from '../src/demo/write-demo';
import { embeddedDumpFile, MYSQL_URL, PG_URL, requiredEngines, TEST_DATA_DIR, TEST_DEMO, TEST_PREFIX, type ServerEngine } from './support/test-env';

/**
 * Loads the test demo hospital once per run: into MariaDB and PostgreSQL when they are reachable
 * (an engine named in REQUIRE_DB that is not reachable fails the run), and into a PGlite dump the
 * embedded-engine suites restore in memory. Suites learn the outcome from GWTEST_* variables.
 */
export default async function globalSetup(): Promise<void> {
  const required = requiredEngines();
  const log = (line: string) => process.stdout.write(`[test setup] ${line}\n`);
  const checks: Record<ServerEngine, () => Promise<void>> = {
    mysql: async () => {
      const connection = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 3_000 });
      await connection.end();
    },
    postgres: async () => {
      const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
      await client.connect();
      await client.end();
    },
  };
  for (const engine of ['mysql', 'postgres'] as const) {
    const url = engine === 'mysql' ? MYSQL_URL : PG_URL;
    try {
      await checks[engine]();
    } catch (error) {
      const reason = `${engine} at ${redact(url)} is not reachable (${(error as Error).message})`;
      if (required.includes(engine)) throw new Error(`REQUIRE_DB names ${engine}, but ${reason}`);
      process.env[`GWTEST_${engine.toUpperCase()}`] = `skip: ${reason}; set ${engine === 'mysql' ? 'MYSQL_URL' : 'PG_URL'} or start the server`;
      log(`${engine}: skipped, ${reason}`);
      continue;
    }
    const started = performance.now();
    const target = engine === 'mysql' ? await mysqlTarget(MYSQL_URL) : await postgresTarget(PG_URL);
    try {
      const report = await writeDemo(target, demoNamespaces(TEST_PREFIX), TEST_DEMO);
      log(`${engine}: loaded ${report.totalRows} demo rows in ${Math.round(performance.now() - started)} ms`);
    } finally {
      await target.close();
    }
    process.env[`GWTEST_${engine.toUpperCase()}`] = 'up';
  }

  // the one suite that can be skipped on this project's machine says why where every run shows it
  // (jest does not print the output of a suite whose tests are all skipped)
  if (!process.env.MSSQL_URL) log('sqlserver: the live suite (tests/engine/mssql-live.test.ts) is skipped, MSSQL_URL is not set; T-SQL is checked by compiling statements in tests/tsql');

  const dump = embeddedDumpFile();
  if (!existsSync(dump)) {
    const started = performance.now();
    mkdirSync(TEST_DATA_DIR, { recursive: true });
    for (const old of readdirSync(TEST_DATA_DIR).filter((name) => name.startsWith('embedded-'))) rmSync(path.join(TEST_DATA_DIR, old));
    const database = new PGlite();
    await database.waitReady;
    const report = await writeDemo(pgliteTarget(database), demoNamespaces(), TEST_DEMO);
    const blob = await database.dumpDataDir('none');
    writeFileSync(dump, Buffer.from(await blob.arrayBuffer()));
    await database.close();
    log(`embedded: generated ${report.totalRows} demo rows and dumped them in ${Math.round(performance.now() - started)} ms`);
  } else {
    log(`embedded: reusing ${path.basename(dump)}`);
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid url)';
  }
}
