import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateConfig, type GatewayConfig } from '../config';
import { demoDataDir, PROJECT_ROOT } from '../paths';
import { DEMO_ALGORITHM, DEMO_AUDIENCE, DEMO_ISSUER } from './demo-identity';

/**
 * The configuration used when no configuration file exists: the embedded demo hospital, four
 * sources in one embedded database, mapped by the shipped demo mapping files, tokens from the
 * demo issuer. It goes through the same validation as a site's file.
 */
export function demoConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const dataDir = demoDataDir(env);
  const database = path.join(dataDir, 'pglite');
  const source = (kind: string, system: string) => ({
    kind,
    engine: 'embedded',
    dataDir: database,
    schema: system,
    mapping: path.join(PROJECT_ROOT, 'mappings', 'demo', `${system}.yaml`),
  });
  const scale = env.DEMO_SCALE === undefined ? 1 : Number(env.DEMO_SCALE);
  return validateConfig(
    {
      site: { name: '示例医院 Demo Hospital', timeZone: 'Asia/Shanghai' },
      auth: { issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE, algorithms: [DEMO_ALGORITHM], jwksFile: path.join(dataDir, 'keys', 'jwks.json') },
      permissions: { pseudonymSecret: readFileSync(path.join(dataDir, 'keys', 'pseudonym.secret'), 'utf8').trim() },
      audit: { engine: 'embedded', dataDir: database, sealSecret: readFileSync(path.join(dataDir, 'keys', 'audit-seal.secret'), 'utf8').trim() },
      // the dashboard's trusted operations; no role is held to them in the demo
      persistedDocuments: { manifest: path.join(PROJECT_ROOT, 'persisted', 'manifest.json') },
      sources: { his: source('HIS', 'his'), lis: source('LIS', 'lis'), pacs: source('PACS', 'pacs'), finance: source('FINANCE', 'finance') },
      demo: { scale },
    },
    'the built-in demo configuration',
    PROJECT_ROOT,
    env,
  );
}

export function demoKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(demoDataDir(env), 'keys');
}
