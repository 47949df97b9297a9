import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openPglite } from '../../adapters/sql/embedded/pglite-driver';
import { graphql, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { ExecutedStatement } from '../../adapters/sql/sql-engine';
import type { Viewer } from '../../src/auth/viewer';
import { validateConfig, type GatewayConfig } from '../../src/config';
import type { GatewayContext } from '../../src/context';
import { createRequestLoaders } from '../../src/loaders/request-loaders';
import { silentLogger } from '../../src/logging';
import { PROJECT_ROOT } from '../../src/paths';
import { buildSchema } from '../../src/schema';
import { openSources, type Sources } from '../../src/sources';
import { embeddedDumpFile, MYSQL_URL, PG_URL, TEST_PREFIX } from './test-env';

export type TestEngine = 'embedded' | 'mysql' | 'postgres' | 'mssql';

/** A virtual data directory: the embedded database is restored from the test dump, in memory. */
const EMBEDDED_DIR = path.join(PROJECT_ROOT, '.demo-test', 'in-memory');

export function namespaceOf(engine: TestEngine, system: 'his' | 'lis' | 'pacs' | 'finance'): string {
  return engine === 'embedded' ? system : `${TEST_PREFIX}${system}`;
}

export function engineConfig(engine: TestEngine, overrides: { mapping?: Partial<Record<'his' | 'lis' | 'pacs' | 'finance', string>> } = {}): GatewayConfig {
  const source = (kind: string, system: 'his' | 'lis' | 'pacs' | 'finance') => ({
    kind,
    engine,
    ...(engine === 'embedded' ? { dataDir: EMBEDDED_DIR } : { url: { mysql: MYSQL_URL, postgres: PG_URL, mssql: process.env.MSSQL_URL }[engine] }),
    schema: namespaceOf(engine, system),
    mapping: overrides.mapping?.[system] ?? path.join(PROJECT_ROOT, 'mappings', 'demo', `${system}.yaml`),
    poolSize: 4,
  });
  return validateConfig(
    {
      auth: { issuer: 'urn:test', audience: 'test', algorithms: ['ES256'], jwksFile: 'unused.json' },
      sources: { his: source('HIS', 'his'), lis: source('LIS', 'lis'), pacs: source('PACS', 'pacs'), finance: source('FINANCE', 'finance') },
    },
    `test configuration (${engine})`,
    PROJECT_ROOT,
    {},
  );
}

export async function restoreEmbeddedDemo(): Promise<PGlite> {
  const database = openPglite(undefined, new Blob([readFileSync(embeddedDumpFile())]));
  await database.waitReady;
  return database;
}

export async function openEngineSources(engine: TestEngine, config = engineConfig(engine)): Promise<Sources> {
  const embeddedDatabases = engine === 'embedded' ? new Map([[EMBEDDED_DIR, await restoreEmbeddedDemo()]]) : undefined;
  return openSources(config, silentLogger(), { embeddedDatabases });
}

export const ANALYST: Viewer = { id: 'test-analyst', name: 'Test Analyst', roles: ['analyst'], departments: [] };

export interface QueryRun extends ExecutionResult {
  statements: ExecutedStatement[];
}

/** Runs one GraphQL operation as one request would: fresh loaders, statements recorded. */
export class QueryRunner {
  private readonly schema: GraphQLSchema = buildSchema();

  constructor(
    private readonly sources: Sources,
    private readonly limits = { defaultPageSize: 100, maxPageSize: 10_000 },
  ) {}

  async run(source: string, variableValues?: Record<string, unknown>, viewer: Viewer = ANALYST): Promise<QueryRun> {
    const statements: ExecutedStatement[] = [];
    const read = { onStatement: (statement: ExecutedStatement) => statements.push(statement) };
    const contextValue: GatewayContext = { viewer, requestId: 'test', read, loaders: createRequestLoaders(this.sources, read, this.limits) };
    const result = await graphql({ schema: this.schema, source, variableValues, contextValue });
    return { ...result, statements };
  }

  /** like run, failing the test on any GraphQL error */
  async data<T = any>(source: string, variableValues?: Record<string, unknown>): Promise<T> {
    const result = await this.run(source, variableValues);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${result.errors.map((error) => `${error.message} at ${error.path?.join('.')}`).join('; ')}`);
    return result.data as T;
  }
}
