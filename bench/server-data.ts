import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { validateConfig, type GatewayConfig } from '../src/config';
import type { DemoOptions } from '../src/demo/generator';
import { mysqlTarget } from '../src/demo/targets/mysql-target';
import { postgresTarget } from '../src/demo/targets/postgres-target';
import { DEMO_SCHEMA_VERSION, demoNamespaces, writeDemo, type DemoNamespaces } from '../src/demo/write-demo';
import { silentLogger } from '../src/logging';
import { PROJECT_ROOT } from '../src/paths';
import { openSources, type Sources } from '../src/sources';

export type ServerEngine = 'postgres' | 'mysql';

export const BENCH_PG_URL = process.env.BENCH_PG_URL ?? process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_MYSQL_URL = process.env.BENCH_MYSQL_URL ?? process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export interface ServerData {
  engine: ServerEngine;
  url: string;
  namespaces: DemoNamespaces;
  rows: number;
  /** seconds spent loading in this run; 0 when an earlier run's load was reused */
  loadSeconds: number;
  reused: boolean;
}

/**
 * The demo hospital in a database server, in schemas (PostgreSQL) or databases (MariaDB) of its
 * own per scale: bench_s1_his, bench_s10_lis, … (or under a caller's prefix). A marker table records what was loaded, so a
 * later run at the same scale, seed and vendor schemas reuses the load (scale 10 takes minutes).
 */
export async function ensureServerData(
  engine: ServerEngine,
  options: DemoOptions,
  log: (line: string) => void,
  where: { url?: string; prefix?: string; version?: string } = {},
): Promise<ServerData> {
  const url = where.url ?? (engine === 'postgres' ? BENCH_PG_URL : BENCH_MYSQL_URL);
  const namespaces = demoNamespaces(where.prefix ?? `bench_s${String(options.scale).replace('.', '_')}_`);
  // `version`: a caller's own notion of "the same demo" (e.g. a fingerprint of the generator's code)
  const fingerprint = `${DEMO_SCHEMA_VERSION}:${options.seed}:${options.scale}:${options.endMonth}:${options.months}${where.version ? `:${where.version}` : ''}`;
  const marker = engine === 'postgres' ? `"${namespaces.his}"."bench_marker"` : `\`${namespaces.his}\`.\`bench_marker\``;
  const loaded = await readMarker(engine, url, marker);
  if (loaded?.fingerprint === fingerprint) return { engine, url, namespaces, rows: loaded.rows, loadSeconds: 0, reused: true };

  log(`loading the demo hospital at scale ${options.scale} into ${engine} (${namespaces.his}, …); later runs reuse it`);
  const started = performance.now();
  const target = engine === 'postgres' ? await postgresTarget(url) : await mysqlTarget(url);
  try {
    const report = await writeDemo(target, namespaces, options);
    await target.exec(`CREATE TABLE ${marker} (fingerprint VARCHAR(200) NOT NULL, total_rows BIGINT NOT NULL)`);
    await target.exec(`INSERT INTO ${marker} VALUES ('${fingerprint}', ${report.totalRows})`);
    return { engine, url, namespaces, rows: report.totalRows, loadSeconds: (performance.now() - started) / 1000, reused: false };
  } finally {
    await target.close();
  }
}

async function readMarker(engine: ServerEngine, url: string, marker: string): Promise<{ fingerprint: string; rows: number } | undefined> {
  try {
    if (engine === 'postgres') {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const result = await client.query(`SELECT fingerprint, total_rows FROM ${marker}`);
        return result.rows[0] ? { fingerprint: result.rows[0].fingerprint, rows: Number(result.rows[0].total_rows) } : undefined;
      } finally {
        await client.end();
      }
    }
    const connection = await mysql.createConnection({ uri: url });
    try {
      const [rows] = await connection.query(`SELECT fingerprint, total_rows FROM ${marker}`);
      const row = (rows as { fingerprint: string; total_rows: number }[])[0];
      return row ? { fingerprint: row.fingerprint, rows: Number(row.total_rows) } : undefined;
    } finally {
      await connection.end();
    }
  } catch {
    return undefined; // no marker: not loaded yet
  }
}

/**
 * The gateway's configuration for the four systems in a server, as a site would write it; the
 * audit trail goes to the same server (PostgreSQL schema bench_audit, MariaDB database bench_audit).
 */
export async function serverBenchConfig(data: ServerData, base: GatewayConfig, poolSize = 8): Promise<GatewayConfig> {
  const source = (kind: string, system: keyof DemoNamespaces) => ({
    kind,
    engine: data.engine,
    url: data.url,
    schema: data.namespaces[system],
    mapping: path.join(PROJECT_ROOT, 'mappings', 'demo', `${system}.yaml`),
    poolSize,
    // the bench measures statements that take longer than a dashboard should wait (a year of
    // charges at scale 10 on MariaDB): they are timed, not cut off at the service's 15 s
    statementTimeoutMs: 300_000,
  });
  const raw = {
    site: base.site,
    auth: { issuer: base.auth.issuer, audience: base.auth.audience, algorithms: base.auth.algorithms, jwksFile: base.auth.jwksFile },
    permissions: { pseudonymSecret: base.permissions.pseudonymSecret },
    audit: { engine: data.engine, url: auditUrl(data), schema: 'bench_audit', sealSecret: base.audit.sealSecret, poolSize },
    persistedDocuments: { manifest: base.persistedDocuments.manifest },
    sources: { his: source('HIS', 'his'), lis: source('LIS', 'lis'), pacs: source('PACS', 'pacs'), finance: source('FINANCE', 'finance') },
  };
  return validateConfig(raw, `bench configuration (${data.engine})`, PROJECT_ROOT, {});
}

/** the bench's audit stores: the gateway's and scenario (c)'s, and scenario (a)'s own (its list's records) */
export const BENCH_AUDIT_SCHEMAS = ['bench_audit', 'bench_nested_audit'] as const;
export type BenchAuditSchema = (typeof BENCH_AUDIT_SCHEMAS)[number];

/** Each run starts with empty audit stores, so that the chain each scenario verifies is its own. */
export async function resetBenchAudit(data: ServerData): Promise<void> {
  if (data.engine === 'postgres') {
    const client = new pg.Client({ connectionString: data.url });
    await client.connect();
    try {
      for (const schema of BENCH_AUDIT_SCHEMAS) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
    return;
  }
  const connection = await mysql.createConnection({ uri: data.url });
  try {
    for (const database of BENCH_AUDIT_SCHEMAS) {
      await connection.query(`DROP DATABASE IF EXISTS ${database}`);
      await connection.query(`CREATE DATABASE ${database}`);
    }
  } finally {
    await connection.end();
  }
}

/**
 * Where an audit store of the run lives: the server's own database on PostgreSQL (the store's
 * schema keeps them apart), a database of that name on MariaDB (where a schema is a database:
 * scenario (a)'s list records once went into scenario (c)'s chain, 262 records more than (c) appended).
 */
export function auditUrl(data: Pick<ServerData, 'engine' | 'url'>, store: BenchAuditSchema = 'bench_audit'): string {
  if (data.engine === 'postgres') return data.url;
  const url = new URL(data.url);
  url.pathname = `/${store}`;
  return url.toString();
}

export async function openServerSources(config: GatewayConfig): Promise<Sources> {
  return openSources(config, silentLogger());
}
