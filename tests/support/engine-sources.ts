import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openPglite } from '../../adapters/sql/embedded/pglite-driver';
import { execute, getOperationAST, parse, validate, type ExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { ExecutedStatement } from '../../adapters/sql/sql-engine';
import type { Viewer } from '../../src/auth/viewer';
import { validateConfig, type GatewayConfig } from '../../src/config';
import { DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import { buildRuleTree } from '../../src/permissions/rule-tree';
import { createContextFactory, type ContextFactory } from '../../src/request-context';
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
      permissions: { pseudonymSecret: TEST_PSEUDONYM_SECRET },
      // the engine suites run queries directly and open no audit store
      audit: { engine: 'postgres', url: PG_URL, sealSecret: TEST_PSEUDONYM_SECRET },
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
/**
 * A viewer who reads everything in clear: clinician and director of every department. The
 * engine scenarios test the data path; the permission suites test who sees what.
 */
export const FULL_ACCESS: Viewer = { id: 'test-full', name: 'Test Director', roles: ['clinician', 'dept_director'], departments: DEMO_DEPARTMENTS.map((d) => d.code) };
export const TEST_PSEUDONYM_SECRET = 'test-pseudonym-secret-of-at-least-32-bytes';

export interface QueryRun extends ExecutionResult {
  statements: ExecutedStatement[];
}

/** Runs one GraphQL operation as one request would: fresh loaders, statements recorded. */
export class QueryRunner {
  private readonly schema: GraphQLSchema = buildSchema();
  private readonly createContext: ContextFactory;

  constructor(
    sources: Sources,
    limits = { defaultPageSize: 100, maxPageSize: 10_000 },
  ) {
    this.createContext = createContextFactory(sources, buildRuleTree(this.schema), { limits, pseudonymSecret: TEST_PSEUDONYM_SECRET, smallCellK: 5 });
  }

  /** as the gateway runs a request: context, authorization pass, execution */
  async run(source: string, variableValues?: Record<string, unknown>, viewer: Viewer = FULL_ACCESS): Promise<QueryRun> {
    const statements: ExecutedStatement[] = [];
    const contextValue = await this.createContext({ viewer, requestId: 'test', onStatement: (statement) => statements.push(statement) });
    const document = parse(source);
    const validation = validate(this.schema, document);
    if (validation.length) return { errors: validation, statements };
    const operation = getOperationAST(document);
    try {
      await contextValue.permissions.authorize(this.schema, document, operation!, variableValues);
    } catch (error) {
      return { errors: [error as GraphQLError], statements };
    }
    const result = await execute({ schema: this.schema, document, variableValues, contextValue });
    const denied = contextValue.permissions.deferredErrors;
    return { ...result, ...(denied.length ? { errors: [...(result.errors ?? []), ...denied] } : {}), statements };
  }

  /** like run, failing the test on any GraphQL error */
  async data<T = any>(source: string, variableValues?: Record<string, unknown>, viewer?: Viewer): Promise<T> {
    const result = await this.run(source, variableValues, viewer);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${result.errors.map((error) => `${error.message} at ${error.path?.join('.')}`).join('; ')}`);
    return result.data as T;
  }
}
