import { mkdtempSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite } from '../adapters/sql/embedded/pglite-driver';
import { demoConfig, demoKeyDir } from '../src/demo/demo-config';
import { ensureDemoKeys } from '../src/demo/demo-identity';
import type { DemoOptions } from '../src/demo/generator';
import { pgliteTarget } from '../src/demo/targets/pglite-target';
import { demoNamespaces, writeDemo } from '../src/demo/write-demo';
import type { GatewayConfig } from '../src/config';
import { silentLogger } from '../src/logging';
import { demoDataDir } from '../src/paths';
import { openSources, type Sources } from '../src/sources';

/** The demo hospital at a given scale, in an in-memory embedded database, opened as the gateway opens it. */
export async function openBenchSources(options: DemoOptions): Promise<{ sources: Sources; config: GatewayConfig; rows: number; database: PGlite }> {
  const env = { GATEWAY_DEMO_DIR: mkdtempSync(path.join(tmpdir(), 'gw-bench-')) };
  await ensureDemoKeys(demoKeyDir(env));
  const config = { ...demoConfig(env), demo: undefined };
  const database = openPglite(undefined);
  const report = await writeDemo(pgliteTarget(database), demoNamespaces(), options);
  const sources = await openSources(config, silentLogger(), { embeddedDatabases: new Map([[path.join(demoDataDir(env), 'pglite'), database]]) });
  return { sources, config, rows: report.totalRows, database };
}
