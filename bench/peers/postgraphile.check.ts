import path from 'node:path';
import { execute, parse, type ExecutionResult } from 'graphql';
import type { ExecutedStatement } from '../../adapters/sql/sql-engine';
import { validateConfig } from '../../src/config';
import type { GatewayContext } from '../../src/context';
import type { DemoNamespaces } from '../../src/demo/write-demo';
import { createRequestLoaders } from '../../src/loaders/request-loaders';
import { silentLogger } from '../../src/logging';
import { PROJECT_ROOT } from '../../src/paths';
import { buildUnguardedSchema } from '../../src/schema';
import { openSources, type Sources } from '../../src/sources';
import { measureInterleaved, spreadOf } from '../measure';
import { NESTED, rowsOf } from '../scenarios/nested-list';
import { ensureServerData } from '../server-data';
import { rowsOfPostGraphile, startPostGraphile } from './postgraphile';

/**
 * A one-off check of the PostGraphile peer against the gateway over the same PostgreSQL data,
 * outside the bench suite:
 *
 *   npm run -s build && node dist/bench/peers/postgraphile.check.js [scale=1] [first=45]
 *
 * Loads the demo hospital at `scale` into the bench's schemas bench_s<scale>_his, … of PG_URL
 * (reused when `npm run bench` or an earlier check loaded them), starts PostGraphile over them and opens
 * the gateway's sources over them, checks that scenario (a) returns the same number of rows on
 * both, then times them interleaved and counts the statements each sends.
 */

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
  const document = parse(NESTED);
  const limits = { defaultPageSize: 100, maxPageSize: 10_000 };
  return async (record?: ExecutedStatement[]): Promise<ExecutionResult> => {
    const read = { onStatement: record ? (s: ExecutedStatement) => record.push(s) : undefined };
    const contextValue = { read, loaders: createRequestLoaders(sources, read, { ...limits, batch: true }) } as unknown as GatewayContext;
    return execute({ schema, document, variableValues: { first }, contextValue });
  };
}

async function main(): Promise<void> {
  const scale = Number(process.argv[2] ?? 1);
  const first = Number(process.argv[3] ?? 45);
  // the bench's own load of this scale (schemas bench_s<scale>_*), reused when already there
  const { namespaces } = await ensureServerData('postgres', { seed: 20260101, scale, endMonth: '2026-10', months: 24 }, (line) => process.stdout.write(`${line}\n`), { url: PG_URL });
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
      process.stdout.write(`  ${name.padEnd(48)} ${spreadOf(sample)}\n`);
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
