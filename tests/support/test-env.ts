import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';

/** The demo every engine suite reads: small enough to load in seconds, big enough for thousands of rows. */
export const TEST_DEMO = { seed: 20260101, scale: 0.1, endMonth: '2026-10', months: 24 };
/**
 * Schemas (PostgreSQL) and databases (MariaDB) the engine suites load: gwtest_his, gwtest_lis, …
 * GWTEST_PREFIX gives a run schemas of its own, so that two runs on one server do not reload
 * each other's data mid-suite (lower-case letters, digits and _).
 */
export const TEST_PREFIX = testPrefix(process.env.GWTEST_PREFIX);

function testPrefix(value: string | undefined): string {
  if (value === undefined || value === '') return 'gwtest_';
  if (!/^[a-z][a-z0-9_]{0,20}_$/.test(value)) throw new Error(`GWTEST_PREFIX '${value}': use lower-case letters, digits and _, ending in _ (e.g. gwtest2_)`);
  return value;
}

export const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
export const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type ServerEngine = 'mysql' | 'postgres';
export const SERVER_ENGINES: readonly ServerEngine[] = ['mysql', 'postgres'];

export const TEST_DATA_DIR = path.join(PROJECT_ROOT, '.demo-test');

/** Changes when the demo's generator, schemas or options change: a cached dump is then rebuilt. */
export function demoFingerprint(): string {
  const hash = createHash('sha256').update(JSON.stringify(TEST_DEMO));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.ts')) hash.update(name).update(readFileSync(file));
    }
  };
  walk(path.join(PROJECT_ROOT, 'src', 'demo'));
  return hash.digest('hex').slice(0, 16);
}

export function embeddedDumpFile(): string {
  return path.join(TEST_DATA_DIR, `embedded-${demoFingerprint()}.tar`);
}

/** Set by the global setup: 'up', or 'skip: <reason>'. */
export function engineStatus(engine: ServerEngine): { available: boolean; reason: string } {
  const status = process.env[`GWTEST_${engine.toUpperCase()}`] ?? 'skip: the global test setup did not run';
  return { available: status === 'up', reason: status.replace(/^skip: /, '') };
}

export function requiredEngines(): ServerEngine[] {
  return (process.env.REQUIRE_DB ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name): name is ServerEngine => (SERVER_ENGINES as readonly string[]).includes(name));
}

/** `describe` when the engine's server is reachable; otherwise a skipped suite that says why. */
export function describeWithEngine(engine: ServerEngine, name: string, body: () => void): void {
  const status = engineStatus(engine);
  if (status.available) {
    describe(name, body);
  } else {
    // eslint-disable-next-line no-console
    console.warn(`skipped "${name}": ${status.reason}`);
    describe.skip(`${name} (skipped: ${status.reason})`, body);
  }
}
