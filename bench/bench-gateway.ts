import type { GatewayConfig } from '../src/config';
import type { DemoKeys } from '../src/demo/demo-identity';
import { signDemoToken } from '../src/demo/demo-tokens';
import pino from 'pino';
import { createLogger } from '../src/logging';
import { startGateway, type Gateway } from '../src/server';

export interface BenchGateway {
  gateway: Gateway;
  url: string;
  /** statements sent by requests since the last reset */
  statements: { count: number };
  close(): Promise<void>;
}

/**
 * The gateway as it serves: HTTP, tokens, Apollo, permissions, the audit trail committed to the
 * server's store before each response, and a log line per request, written as `npm start` writes
 * it to stdout (pino, synchronously) but to /dev/null. Rate limits are off: one bench user sends
 * thousands of requests a second, which the limiter would rightly refuse.
 */
export async function startBenchGateway(config: GatewayConfig): Promise<BenchGateway> {
  const served: GatewayConfig = { ...config, server: { ...config.server, host: '127.0.0.1', port: 0, production: true }, rateLimits: { ...config.rateLimits, enabled: false } };
  const statements = { count: 0 };
  const gateway = await startGateway(served, { log: createLogger({ destination: pino.destination({ dest: '/dev/null', sync: true }) }), onStatement: () => statements.count++ });
  return {
    gateway,
    url: gateway.url,
    statements,
    close: () => gateway.close(),
  };
}

/** signs the bench's tokens: a user per set of roles, valid for the run */
export function benchToken(keys: DemoKeys) {
  return (roles: string[], departments: string[] = [], sub = `bench-${roles.join('-')}`): Promise<string> =>
    signDemoToken(keys, { sub, name: `Bench ${roles.join('/')}`, roles, departments, ttl: '2h' });
}

/** POSTs one GraphQL request and fails loudly on errors: a benchmark of errors measures nothing. */
export async function postGraphQL<T = any>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const result = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (response.status !== 200 || result.errors?.length) throw new Error(`${url} answered ${response.status}: ${result.errors?.[0]?.message ?? 'no data'}`);
  return result.data as T;
}
