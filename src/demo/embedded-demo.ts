import type { PGlite } from '@electric-sql/pglite';
import type { DemoOptions } from './generator';
import { pgliteTarget } from './targets/pglite-target';
import { DEMO_SCHEMA_VERSION, demoNamespaces, writeDemo, type DemoWriteReport } from './write-demo';

const META_TABLE = 'public.gateway_demo_meta';

export interface EmbeddedDemoStatus {
  /** the stored demo was reused (false: it was generated now) */
  reused: boolean;
  report?: DemoWriteReport;
}

/**
 * Makes sure the embedded database holds the demo hospital for these options: reused when it
 * was generated with the same seed, scale, last month and schema version, regenerated otherwise.
 */
export async function ensureEmbeddedDemo(database: PGlite, options: DemoOptions): Promise<EmbeddedDemoStatus> {
  const fingerprint = JSON.stringify({ version: DEMO_SCHEMA_VERSION, ...options });
  await database.exec(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (fingerprint text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  const stored = await database.query<{ fingerprint: string }>(`SELECT fingerprint FROM ${META_TABLE}`);
  if (stored.rows.length === 1 && stored.rows[0]!.fingerprint === fingerprint) return { reused: true };
  await database.exec(`DELETE FROM ${META_TABLE}`);
  const report = await writeDemo(pgliteTarget(database), demoNamespaces(), options);
  await database.query(`INSERT INTO ${META_TABLE} (fingerprint) VALUES ($1)`, [fingerprint]);
  return { reused: false, report };
}
