import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecutedStatement } from '../../adapters/sql/sql-engine';
import type { GatewayConfig } from '../../src/config';
import { demoConfig, demoKeyDir } from '../../src/demo/demo-config';
import { ensureDemoKeys, type DemoKeys } from '../../src/demo/demo-identity';
import { signDemoToken } from '../../src/demo/demo-tokens';
import { silentLogger, type Logger } from '../../src/logging';
import { demoDataDir } from '../../src/paths';
import { startGateway, type Gateway } from '../../src/server';
import { restoreEmbeddedDemo } from './engine-sources';

export interface TestGateway {
  gateway: Gateway;
  keys: DemoKeys;
  url: string;
  /** the deployment's pseudonym key, to compute the pseudonyms analysts must see */
  pseudonymSecret: string;
  token(roles: string[], departments?: string[], sub?: string): Promise<string>;
  post(body: unknown, token?: string | null, headers?: Record<string, string>): Promise<Response>;
  graphql<T = any>(query: string, variables?: Record<string, unknown>, token?: string, headers?: Record<string, string>): Promise<{ status: number; body: { data?: T; errors?: any[] } }>;
  close(): Promise<void>;
}

/**
 * The gateway as `npm start` runs it (demo configuration, HTTP, real tokens), on a random port,
 * over the test demo restored in memory and with its own key directory.
 */
export async function startTestGateway(options: { log?: Logger; onStatement?: (s: ExecutedStatement) => void; configure?: (config: GatewayConfig) => void } = {}): Promise<TestGateway> {
  const env = { GATEWAY_DEMO_DIR: mkdtempSync(path.join(tmpdir(), 'gw-demo-')), PORT: '0' };
  const keys = await ensureDemoKeys(demoKeyDir(env));
  const config = { ...demoConfig(env), demo: undefined };
  config.server.host = '127.0.0.1';
  // suites send hundreds of requests as one user; the rate-limit suite turns limits on itself
  config.rateLimits.enabled = false;
  // suites that cut a source or change data expect each KPI request to reach the sources
  config.operations.cacheSeconds = 0;
  // suites send most queries once; compiling from the first run puts them all through the compiled
  // functions that serve repeated queries in production (tests/execution compares them with graphql-js)
  config.server.compileQueriesFromRun = 1;
  options.configure?.(config);
  const database = await restoreEmbeddedDemo();
  const gateway = await startGateway(config, {
    log: options.log ?? silentLogger(),
    onStatement: options.onStatement,
    sources: { embeddedDatabases: new Map([[path.join(demoDataDir(env), 'pglite'), database]]) },
  });
  const post = (body: unknown, token?: string | null, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    gateway,
    keys,
    url: gateway.url,
    pseudonymSecret: config.permissions.pseudonymSecret,
    token: (roles, departments = [], sub = `test-${roles.join('-')}`) => signDemoToken(keys, { sub, name: `Test ${roles.join('/')}`, roles, departments, ttl: '10m' }),
    post,
    graphql: async (query, variables, token, headers) => {
      const response = await post({ query, variables }, token, headers);
      return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
    },
    close: () => gateway.close(),
  };
}
