import path from 'node:path';
import { execute, parse, type ExecutionResult } from 'graphql';
import pg from 'pg';
import type { ExecutedStatement } from '../../adapters/sql/sql-engine';
import { validateConfig } from '../../src/config';
import type { GatewayContext } from '../../src/context';
import type { DemoOptions } from '../../src/demo/generator';
import { postgresTarget } from '../../src/demo/targets/postgres-target';
import { DEMO_SCHEMA_VERSION, demoNamespaces, writeDemo, type DemoNamespaces } from '../../src/demo/write-demo';
import { createRequestLoaders } from '../../src/loaders/request-loaders';
import { silentLogger } from '../../src/logging';
import { PROJECT_ROOT } from '../../src/paths';
import { buildUnguardedSchema } from '../../src/schema';
import { openSources, type Sources } from '../../src/sources';
import { measureInterleaved, ms } from '../measure';
import { rowsOf } from '../scenarios/nested-list';
import { rowsOfPostGraphile, startPostGraphile } from './postgraphile';

/**
 * A one-off check of the PostGraphile peer against the gateway over the same PostgreSQL data,
 * outside the bench suite:
 *
 *   npm run -s build && node dist/bench/peers/postgraphile.check.js [scale=1] [first=45]
 *
 * Loads the demo hospital at `scale` into schemas pgpeer_s<scale>_his, … of PG_URL (reused by a
 * later run when a marker says the same demo is there; drop them with DROP SCHEMA … CASCADE), starts PostGraphile over them and opens
 * the gateway's sources over them, checks that scenario (a) returns the same number of rows on
 * both, then times them interleaved and counts the statements each sends.
 */

/** The gateway's nested query of scenario (a) (bench/scenarios/nested-list.ts). */
export const GATEWAY_NESTED = `query Nested($first: Int) { departments(filter: { kind: CLINICAL }) { code
  encounters(first: $first) { edges { node { id kind admittedAt
    patient { id name gender birthDate }
    labOrders { id orderedAt results { analyteCode value abnormalFlag } }
    imagingStudies { modality performedAt } } } } } }`;

const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The gateway's configuration for the four demo systems in PostgreSQL schemas. */
export function gatewayConfigOver(url: string, namespaces: DemoNamespaces, poolSize = 8) {
  const secret = 'postgraphile-peer-check-secret-of-32-bytes';
  const source = (kind: string, system: keyof DemoNamespaces) => ({
    kind,
    engine: 'postgres',
    url,
    schema: namespaces[system],
    mapping: path.join(PROJECT_ROOT, 'mappings', 'demo', `${system}.yaml`),
    poolSize,
  });
  return validateConfig(
    {
      auth: { issuer: 'urn:bench', audience: 'bench', algorithms: ['ES256'], jwksFile: 'unused.json' },
      permissions: { pseudonymSecret: secret },
      audit: { engine: 'postgres', url, sealSecret: secret },
      sources: { his: source('HIS', 'his'), lis: source('LIS', 'lis'), pacs: source('PACS', 'pacs'), finance: source('FINANCE', 'finance') },
    },
    'PostGraphile peer check',
    PROJECT_ROOT,
    {},
  );
}

/** Runs the gateway's nested query as scenario (a)'s "permissions and audit off" variant does. */
export function gatewayNested(sources: Sources, first: number) {
  const schema = buildUnguardedSchema();
  const document = parse(GATEWAY_NESTED);
  const limits = { defaultPageSize: 100, maxPageSize: 10_000 };
  return async (record?: ExecutedStatement[]): Promise<ExecutionResult> => {
    const read = { onStatement: record ? (s: ExecutedStatement) => record.push(s) : undefined };
    const contextValue = { read, loaders: createRequestLoaders(sources, read, { ...limits, batch: true }) } as unknown as GatewayContext;
    return execute({ schema, document, variableValues: { first }, contextValue });
  };
}

/**
 * The demo hospital in PostgreSQL schemas `<prefix>his`, … of `url`, loaded unless a marker table
 * says the same demo (vendor schemas, options, `version`) is already there.
 */
export async function ensurePeerDemo(url: string, prefix: string, options: DemoOptions, version = ''): Promise<DemoNamespaces> {
  const namespaces = demoNamespaces(prefix);
  const fingerprint = `${DEMO_SCHEMA_VERSION}:${JSON.stringify(options)}:${version}`;
  const marker = `"${namespaces.his}"."pgpeer_marker"`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query(`SELECT fingerprint FROM ${marker}`).catch(() => ({ rows: [] as { fingerprint: string }[] }));
    if (found.rows[0]?.fingerprint === fingerprint) return namespaces;
  } finally {
    await client.end();
  }
  const target = await postgresTarget(url);
  try {
    await writeDemo(target, namespaces, options);
    await target.exec(`CREATE TABLE ${marker} (fingerprint text NOT NULL)`);
    await target.exec(`INSERT INTO ${marker} VALUES ('${fingerprint.replace(/'/g, "''")}')`);
  } finally {
    await target.close();
  }
  return namespaces;
}

async function main(): Promise<void> {
  const scale = Number(process.argv[2] ?? 1);
  const first = Number(process.argv[3] ?? 45);
  const prefix = `pgpeer_s${String(scale).replace('.', '_')}_`;
  process.stdout.write(`the demo at scale ${scale} in PostgreSQL schemas ${prefix}* (loaded unless already there)\n`);
  const namespaces = await ensurePeerDemo(PG_URL, prefix, { seed: 20260101, scale, endMonth: '2026-10', months: 24 });
  const sources = await openSources(gatewayConfigOver(PG_URL, namespaces), silentLogger());
  const peer = await startPostGraphile({ connectionString: PG_URL, schemas: namespaces });
  try {
    const gateway = gatewayNested(sources, first);
    const gatewayStatements: ExecutedStatement[] = [];
    const reference = await gateway(gatewayStatements);
    if (reference.errors?.length) throw new Error(`gateway: ${reference.errors.map((e) => e.message).join('; ')}`);
    const before = peer.statements();
    const inProcess = await peer.execute(peer.nestedQuery, { first });
    const peerStatements = peer.statements() - before;
    if (inProcess.errors?.length) throw new Error(`PostGraphile: ${inProcess.errors.map((e) => `${e.message} at ${e.path?.join('.')}\n${e.stack}`).join('; ')}`);
    const overHttp = await peer.post(peer.nestedQuery, { first });
    if (overHttp.errors?.length) throw new Error(`PostGraphile over HTTP: ${overHttp.errors.map((e) => e.message).join('; ')}`);
    const rows = { gateway: rowsOf(reference), postgraphile: rowsOfPostGraphile(inProcess.data), postgraphileHttp: rowsOfPostGraphile(overHttp.data) };
    process.stdout.write(`scale ${scale}, first ${first}: rows ${JSON.stringify(rows)}\n`);
    process.stdout.write(`statements: gateway ${gatewayStatements.length}, PostGraphile ${peerStatements}\n`);
    if (rows.gateway !== rows.postgraphile || rows.gateway !== rows.postgraphileHttp) throw new Error('row counts differ');
    const samples = await measureInterleaved(Number(process.env.RUNS ?? 7), 2, {
      'gateway in process, permissions and audit off': () => gateway(),
      'PostGraphile in process (grafast.execute)': () => peer.execute(peer.nestedQuery, { first }),
      'PostGraphile over HTTP (grafserv, JSON parsed)': () => peer.post(peer.nestedQuery, { first }),
    });
    for (const [name, sample] of Object.entries(samples)) {
      process.stdout.write(`  ${name.padEnd(48)} median ${ms(sample.median)} (p10 ${ms(sample.p10)}, p90 ${ms(sample.p90)})\n`);
    }
    if (process.env.SHOW_SQL) {
      const sql: string[] = [];
      const traced = await startPostGraphile({ connectionString: PG_URL, schemas: namespaces, onStatement: (s) => sql.push(s) });
      const mark = sql.length;
      await traced.execute(traced.nestedQuery, { first });
      process.stdout.write(`\nPostGraphile's SQL:\n${sql.slice(mark).join('\n---\n')}\n`);
      await traced.close();
    }
  } finally {
    await peer.close();
    await sources.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  });
}
