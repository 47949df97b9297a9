import os from 'node:os';
import type { BenchGateway } from '../bench-gateway';
import { postGraphQL } from '../bench-gateway';
import { describeCpuPerRequest, startCpuMeter, type CpuSpent, type DatabaseProcesses } from '../cpu-meter';
import { runLoad, type LoadResult, type LoadTarget } from '../load';
import { collectGarbage } from '../measure';

/**
 * Scenario (d): many small concurrent requests — a dashboard wall refreshing — from autocannon
 * on loopback, bounded in time, against the gateway (HTTP, tokens, permissions, audit trail) and,
 * when given, the peer over the same PostgreSQL data with the equivalent query.
 */
export interface WallRequest {
  name: string;
  gateway: { query: string; variables?: Record<string, unknown>; roles: string[]; departments?: string[] };
  peer?: { query: string; variables?: Record<string, unknown> };
  /** also measured on the unsecured baseline (the gateway's stack without tokens, permissions and audit) */
  unsecured?: boolean;
}

export interface WallPeer {
  name: string;
  url: string;
}

export interface WallBaseline {
  url: string;
  statements: { count: number };
}

export interface WallResult {
  lines: string[];
  results: Record<string, { gateway: WallLoad; unsecured?: WallLoad; peer?: WallLoad }>;
}

/** a load's result with the CPU it took: the bench process (the server under load) and the database server */
export interface WallLoad extends LoadResult {
  cpu: CpuSpent;
}

export interface WallOptions {
  connections: number;
  seconds: number;
  peer?: WallPeer;
  unsecured?: WallBaseline;
  /** the database server's processes, for its CPU per request (read only when it runs on this machine) */
  database: DatabaseProcesses;
}

export async function dashboardWall(gateway: BenchGateway, requests: WallRequest[], options: WallOptions): Promise<WallResult> {
  const lines: string[] = [`  autocannon: ${options.connections} connections, ${options.seconds} s per round, two rounds per server, alternating; the better round of each`];
  if (options.unsecured) lines.push('  unsecured baseline: the gateway\'s schema, resolvers, loaders and column demand on Apollo\'s standalone server, without tokens, permissions, row scopes or audit (bench only)');
  lines.push(`  CPU per request: of the bench process, which serves whichever server is under load (autocannon runs in a process of its own), and of the database server's processes${options.database.local ? '' : ' (not shown: the database is not on this machine)'}; the machine has ${availableCores()} cores for all of them`);
  const results: WallResult['results'] = {};
  for (const request of requests) {
    const token = await gateway.token(request.gateway.roles, request.gateway.departments);
    const gatewayTarget: LoadTarget = { name: 'gateway', url: `${gateway.url}/graphql`, body: { query: request.gateway.query, variables: request.gateway.variables }, headers: { authorization: `Bearer ${token}` } };
    // one request each first: the bench fails on errors rather than measuring them
    await postGraphQL(gatewayTarget.url, gatewayTarget.body, token);
    const peerTarget = options.peer && request.peer ? { name: options.peer.name, url: options.peer.url, body: { query: request.peer.query, variables: request.peer.variables } } : undefined;
    if (peerTarget) await postGraphQL(peerTarget.url, peerTarget.body);
    const unsecured = options.unsecured && request.unsecured ? options.unsecured : undefined;
    const unsecuredTarget = unsecured ? { name: 'unsecured', url: unsecured.url, body: gatewayTarget.body } : undefined;
    if (unsecuredTarget) await postGraphQL(unsecuredTarget.url, unsecuredTarget.body);
    const rounds: { gateway: WallLoad[]; unsecured: WallLoad[]; peer: WallLoad[] } = { gateway: [], unsecured: [], peer: [] };
    // every round starts from a collected heap: the servers share the bench's process
    const load = async (target: LoadTarget): Promise<WallLoad> => {
      collectGarbage();
      const cpu = startCpuMeter(options.database);
      const measured = await runLoad(target, options);
      return { ...measured, cpu: cpu() };
    };
    const counted = async (target: LoadTarget, statements: { count: number }) => {
      const before = statements.count;
      const measured = await load(target);
      return { ...measured, statementsPerRequest: (statements.count - before) / Math.max(1, measured.requests) };
    };
    for (let round = 0; round < 2; round++) {
      rounds.gateway.push(await counted(gatewayTarget, gateway.statements));
      if (unsecuredTarget) rounds.unsecured.push(await counted(unsecuredTarget, unsecured!.statements));
      if (peerTarget) rounds.peer.push(await load(peerTarget));
    }
    const gatewayResult = better(rounds.gateway);
    const unsecuredResult = rounds.unsecured.length ? better(rounds.unsecured) : undefined;
    const peerResult = rounds.peer.length ? better(rounds.peer) : undefined;
    results[request.name] = { gateway: gatewayResult, unsecured: unsecuredResult, peer: peerResult };
    lines.push(`  ${request.name}:`);
    lines.push(`    gateway            ${describe(gatewayResult)}  ${(gatewayResult.statementsPerRequest ?? 0).toFixed(2)} statements/request`);
    if (unsecuredResult) {
      lines.push(`    unsecured baseline ${describe(unsecuredResult)}  ${(unsecuredResult.statementsPerRequest ?? 0).toFixed(2)} statements/request`);
      lines.push(`    gateway / unsecured baseline: requests/s ${(gatewayResult.requestsPerSecond / unsecuredResult.requestsPerSecond).toFixed(2)}×, p99 ${(gatewayResult.p99 / Math.max(unsecuredResult.p99, 0.001)).toFixed(2)}×`);
    }
    if (peerResult && unsecuredResult) lines.push(`    unsecured baseline / ${options.peer!.name}: requests/s ${(unsecuredResult.requestsPerSecond / peerResult.requestsPerSecond).toFixed(2)}×, p99 ${(unsecuredResult.p99 / Math.max(peerResult.p99, 0.001)).toFixed(2)}×`);
    if (peerResult) {
      lines.push(`    ${options.peer!.name.padEnd(18)} ${describe(peerResult)}`);
      lines.push(`    gateway / ${options.peer!.name}: requests/s ${(gatewayResult.requestsPerSecond / peerResult.requestsPerSecond).toFixed(2)}×, p99 ${(gatewayResult.p99 / Math.max(peerResult.p99, 0.001)).toFixed(2)}×`);
    }
  }
  return { lines, results };
}

/** of two rounds, the one with more requests per second (the other was disturbed by something) */
function better(rounds: WallLoad[]): WallLoad {
  return rounds.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
}

function describe(result: WallLoad): string {
  const failures = result.non2xx + result.errors;
  return `${result.requestsPerSecond.toFixed(0).padStart(6)} requests/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  (${result.requests} requests${failures ? `, ${failures} FAILED` : ''})  CPU/request: ${describeCpuPerRequest(result.cpu, result.requests)}`;
}

function availableCores(): number {
  return os.availableParallelism?.() ?? os.cpus().length;
}
