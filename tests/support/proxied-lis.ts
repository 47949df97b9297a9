import path from 'node:path';
import { validateConfig, type GatewayConfig } from '../../src/config';
import { PROJECT_ROOT } from '../../src/paths';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import { PG_URL, TEST_PREFIX } from './test-env';

export interface ProxiedLisOptions {
  label: string;
  /** HS256 token secret, pseudonym key and audit seal */
  secret: string;
  issuer: string;
  auditSchema: string;
  /** pool and breaker of every source */
  source: { poolSize: number; breaker: { failureThreshold: number; resetMs: number } };
  audit?: { commitTimeoutMs?: number };
}

/**
 * A gateway over the PostgreSQL test demo whose LIS reaches the server through a TCP proxy the
 * test can cut and stall; the other three systems connect directly. Statements time out after
 * 800 ms, so a stalled source fails fast. Rate limits are off: one user sends everything.
 */
export async function proxiedLisConfig(options: ProxiedLisOptions): Promise<{ proxy: TcpProxy; config: GatewayConfig }> {
  const target = new URL(PG_URL);
  const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  const viaProxy = new URL(PG_URL);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const source = (kind: string, system: string, url: string) => ({
    kind, engine: 'postgres', url, schema: `${TEST_PREFIX}${system}`, mapping: path.join(PROJECT_ROOT, 'mappings', 'demo', `${system}.yaml`),
    ...options.source, statementTimeoutMs: 800,
  });
  const config = validateConfig(
    {
      server: { port: 0, host: '127.0.0.1' },
      auth: { issuer: options.issuer, audience: 'gateway', algorithms: ['HS256'], hs256Secret: options.secret },
      permissions: { pseudonymSecret: options.secret },
      audit: { engine: 'postgres', url: PG_URL, schema: options.auditSchema, sealSecret: options.secret, ...options.audit },
      rateLimits: { enabled: false },
      sources: { his: source('HIS', 'his', PG_URL), lis: source('LIS', 'lis', viaProxy.toString()), pacs: source('PACS', 'pacs', PG_URL), finance: source('FINANCE', 'finance', PG_URL) },
    },
    options.label,
    PROJECT_ROOT,
    {},
  );
  return { proxy, config };
}
