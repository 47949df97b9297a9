import type { PGlite } from '@electric-sql/pglite';
import { createFinanceSqlAdapter } from '../adapters/finance/finance-sql-adapter';
import type { FinancePort } from '../adapters/finance/finance-port';
import { createHisSqlAdapter } from '../adapters/his/his-sql-adapter';
import type { HisPort } from '../adapters/his/his-port';
import { createLisSqlAdapter } from '../adapters/lis/lis-sql-adapter';
import type { LisPort } from '../adapters/lis/lis-port';
import { loadMappingFile } from '../adapters/mapping/load-mapping';
import { MappingError, type MappingProblem } from '../adapters/mapping/mapping-error';
import type { MappedSourceOptions } from '../adapters/mapping/mapped-entity-reader';
import { createSiteTime } from '../adapters/mapping/site-time';
import type { SourceMapping } from '../adapters/mapping/source-mapping';
import { didYouMean } from '../adapters/mapping/suggest';
import { verifyMappingAgainstSource } from '../adapters/mapping/verify-mapping';
import type { SourceKind } from '../adapters/model/field-spec';
import { createPacsSqlAdapter } from '../adapters/pacs/pacs-sql-adapter';
import type { PacsPort } from '../adapters/pacs/pacs-port';
import { openPglite } from '../adapters/sql/embedded/pglite-driver';
import { createEngine } from '../adapters/sql/engine-factory';
import { mssqlDialect } from '../adapters/sql/mssql/mssql-dialect';
import { mysqlDialect } from '../adapters/sql/mysql/mysql-dialect';
import { postgresDialect } from '../adapters/sql/postgres/postgres-dialect';
import type { SqlEngine } from '../adapters/sql/sql-engine';
import { configPath, type GatewayConfig, type SourceConfig } from './config';
import { ensureEmbeddedDemo } from './demo/embedded-demo';
import { normalizeDemoOptions } from './demo/generator';
import type { Logger } from './logging';

/** One configured source system, as readiness checks and statement logs see it. */
export interface SourceHandle {
  name: string;
  kind: SourceKind;
  engine: SqlEngine;
  mapping: SourceMapping;
}

/** The four source systems behind their ports. */
export interface Sources {
  his: HisPort;
  lis: LisPort;
  pacs: PacsPort;
  finance: FinancePort;
  handles: SourceHandle[];
  /** the open embedded databases, by resolved dataDir (the demo's audit store lives in one) */
  embedded: ReadonlyMap<string, PGlite>;
  close(): Promise<void>;
}

const DIALECTS = { postgres: postgresDialect, embedded: postgresDialect, mysql: mysqlDialect, mssql: mssqlDialect };

/**
 * Opens every configured source: loads and checks its mapping file, creates its connection pool
 * and, for reachable sources, verifies the mapped tables and columns exist. Embedded sources
 * sharing a data directory share one database, created with the demo hospital when configured.
 */
export interface OpenSourcesOptions {
  /** embedded databases already open, by resolved dataDir (tests restore one from a dump) */
  embeddedDatabases?: ReadonlyMap<string, PGlite>;
}

export async function openSources(config: GatewayConfig, log: Logger, options: OpenSourcesOptions = {}): Promise<Sources> {
  const siteTime = createSiteTime(config.site.timeZone);
  const embedded = await openEmbeddedDatabases(config, log, options.embeddedDatabases);
  const handles: SourceHandle[] = [];
  const ports: Partial<Pick<Sources, 'his' | 'lis' | 'pacs' | 'finance'>> = {};
  try {
    for (const [name, source] of Object.entries(config.sources)) {
      const mapping = loadMappingFile(configPath(config, source.mapping), {
        expectedSystem: source.kind,
        siteTime,
        dateTimeParameter: DIALECTS[source.engine].dateTimeParameter,
        onUntranslated: (where, value) => log.warn({ source: name, field: where, vendorValueLength: value.length }, 'a vendor value has no translation in the mapping'),
      });
      const shared = source.engine === 'embedded' ? embedded.get(configPath(config, source.dataDir!)) : undefined;
      const engine = createEngine({
        engine: source.engine,
        url: source.url,
        poolSize: source.poolSize,
        statementTimeoutMs: source.statementTimeoutMs,
        preparedStatements: source.preparedStatements,
        embedded: shared,
        applicationName: `hospital-gateway:${name}`,
        source: name,
        breaker: source.breaker,
      });
      handles.push({ name, kind: source.kind, engine, mapping });
      const options: MappedSourceOptions = { source: name, engine, mapping, schema: source.schema };
      switch (source.kind) {
        case 'HIS':
          ports.his = createHisSqlAdapter(options);
          break;
        case 'LIS':
          ports.lis = createLisSqlAdapter(options);
          break;
        case 'PACS':
          ports.pacs = createPacsSqlAdapter(options);
          break;
        case 'FINANCE':
          ports.finance = createFinanceSqlAdapter(options);
          break;
      }
    }
    checkDepartmentCrosswalks(handles);
    await Promise.all(handles.map((handle) => verifyWhenReachable(handle, config.sources[handle.name]!, log)));
  } catch (error) {
    await Promise.allSettled(handles.map((handle) => handle.engine.close()));
    await Promise.allSettled([...embedded.values()].map((db) => db.release()));
    throw error;
  }
  return {
    his: ports.his!,
    lis: ports.lis!,
    pacs: ports.pacs!,
    finance: ports.finance!,
    handles,
    embedded: new Map([...embedded].map(([dir, entry]) => [dir, entry.database])),
    close: async () => {
      await Promise.allSettled(handles.map((handle) => handle.engine.close()));
    },
  };
}

async function openEmbeddedDatabases(config: GatewayConfig, log: Logger, open: ReadonlyMap<string, PGlite> = new Map()) {
  const databases = new Map<string, { database: PGlite; release: () => Promise<void> }>();
  const dataDirs = new Set(
    Object.values(config.sources)
      .filter((source) => source.engine === 'embedded')
      .map((source) => configPath(config, source.dataDir!)),
  );
  for (const dataDir of dataDirs) {
    const started = performance.now();
    const database = open.get(dataDir) ?? openPglite(dataDir);
    await database.waitReady;
    if (config.demo && !open.has(dataDir)) {
      const options = normalizeDemoOptions(config.demo);
      const status = await ensureEmbeddedDemo(database, options);
      log.info(
        { dataDir, reused: status.reused, rows: status.report?.totalRows, endMonth: options.endMonth, scale: options.scale, ms: Math.round(performance.now() - started) },
        status.reused ? 'embedded demo hospital reused' : 'embedded demo hospital generated',
      );
    }
    let users = [...Object.values(config.sources)].filter((s) => s.engine === 'embedded' && configPath(config, s.dataDir!) === dataDir).length;
    databases.set(dataDir, {
      database,
      // The database closes when the last source using it closes.
      release: async () => {
        users -= 1;
        if (users <= 0 && !database.closed) await database.close();
      },
    });
  }
  return databases;
}

/** Every department code a LIS, PACS or finance crosswalk produces must be one the HIS knows. */
function checkDepartmentCrosswalks(handles: SourceHandle[]): void {
  const his = handles.find((handle) => handle.kind === 'HIS');
  if (!his) return;
  const known = new Set(his.mapping.departmentCodes.keys());
  const problems: MappingProblem[] = [];
  for (const handle of handles) {
    if (handle === his) continue;
    for (const code of handle.mapping.departmentCodes.keys()) {
      if (!known.has(code)) {
        problems.push({
          file: handle.mapping.file,
          key: 'crosswalks.department',
          message: `'${code}' is not a department code of the HIS mapping (${his.mapping.file})${didYouMean(code, known)}`,
        });
      }
    }
  }
  if (problems.length) throw new MappingError(problems);
}

async function verifyWhenReachable(handle: SourceHandle, source: SourceConfig, log: Logger): Promise<void> {
  try {
    await handle.engine.ping();
  } catch (error) {
    log.warn({ source: handle.name, error: (error as Error).message }, 'source unreachable at start; its mapping will be used unverified');
    return;
  }
  await verifyMappingAgainstSource(handle.engine, handle.mapping, source.schema, handle.name);
}
