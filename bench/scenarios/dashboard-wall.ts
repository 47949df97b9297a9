import os from 'node:os';
import { postGraphQL } from '../bench-gateway';
import { describeCpuPerRequest, startCpuMeter, type CpuSpent, type DatabaseProcesses } from '../cpu-meter';
import type { AuditEventDraft } from '../../src/audit/audit-event';
import type { AuditStore } from '../../src/audit/store/audit-store';
import { runLoad, type LoadResult, type LoadTarget } from '../load';
import type { ProcessUsage } from '../server-process';
import { appendAlone, type AppendAlone } from './audit-append-alone';

/**
 * Scenario (d): many small concurrent requests — a dashboard wall refreshing — from autocannon
 * on loopback, bounded in time, against the gateway (HTTP, tokens, permissions, audit trail) and,
 * when given, the unsecured baseline and the peer over the same PostgreSQL data with the
 * equivalent query. Each server runs in a process of its own (server-process.ts).
 */
export interface WallRequest {
  name: string;
  gateway: { query: string; variables?: Record<string, unknown>; roles: string[]; departments?: string[] };
  peer?: { query: string; variables?: Record<string, unknown> };
  /** also measured on the unsecured baseline (the gateway's stack without tokens, permissions and audit) */
  unsecured?: boolean;
}

/** a server under load: its GraphQL endpoint and what its process has done so far */
export interface WallServer {
  url: string;
  usage(): Promise<ProcessUsage>;
}

export interface WallServers {
  gateway: WallServer;
  /** the unsecured baseline (bench/unsecured-server.ts) */
  unsecured?: WallServer;
  peer?: WallServer & { name: string };
}

export interface WallResult {
  lines: string[];
  results: Record<string, { gateway: WallLoad; unsecured?: WallLoad; peer?: WallLoad; auditAlone?: AppendAlone }>;
}

/** a load's result with the CPU it took: the server's process and the database server */
export interface WallLoad extends LoadResult {
  cpu: CpuSpent;
  statementsPerRequest: number;
}

export interface WallOptions {
  connections: number;
  seconds: number;
  /** a token of the gateway for these roles and departments */
  token(roles: string[], departments?: string[]): Promise<string>;
  /** the database server's processes, for its CPU per request (read only when it runs on this machine) */
  database: DatabaseProcesses;
  /**
   * Beside the servers, the audit records a request leaves, appended alone at the wall's
   * concurrency (audit-append-alone.ts): the least its audit trail costs, whatever the server.
   */
  auditAlone?: { drafts(request: WallRequest): Promise<readonly AuditEventDraft[]>; store: AuditStore };
}

export async function dashboardWall(servers: WallServers, requests: WallRequest[], options: WallOptions): Promise<WallResult> {
  const lines: string[] = [`  autocannon: ${options.connections} connections, ${options.seconds} s per round, two rounds per server, alternating; the better round of each`];
  lines.push('  every server in a Node process of its own (as deployed: npm start\'s flags, NODE_ENV=production as in the image), autocannon in another');
  if (servers.unsecured) lines.push('  unsecured baseline: the gateway\'s schema, resolvers, loaders and column demand on Apollo\'s standalone server, without tokens, permissions, row scopes or audit (bench only)');
  lines.push(`  CPU per request: of the server's process and of the database server's processes${options.database.local ? '' : ' (not shown: the database is not on this machine)'}; the machine has ${availableCores()} cores for them and autocannon`);
  const results: WallResult['results'] = {};
  for (const request of requests) {
    const token = await options.token(request.gateway.roles, request.gateway.departments);
    const body = { query: request.gateway.query, variables: request.gateway.variables };
    const gatewayTarget: LoadTarget = { name: 'gateway', url: servers.gateway.url, body, headers: { authorization: `Bearer ${token}` } };
    // one request each first: the bench fails on errors rather than measuring them
    await postGraphQL(gatewayTarget.url, gatewayTarget.body, token);
    const peer = servers.peer && request.peer ? servers.peer : undefined;
    const peerTarget = peer ? { name: peer.name, url: peer.url, body: { query: request.peer!.query, variables: request.peer!.variables } } : undefined;
    if (peerTarget) await postGraphQL(peerTarget.url, peerTarget.body);
    const unsecured = servers.unsecured && request.unsecured ? servers.unsecured : undefined;
    const unsecuredTarget = unsecured ? { name: 'unsecured', url: unsecured.url, body } : undefined;
    if (unsecuredTarget) await postGraphQL(unsecuredTarget.url, unsecuredTarget.body);
    const drafts = options.auditAlone ? await options.auditAlone.drafts(request) : [];
    const rounds: { gateway: WallLoad[]; unsecured: WallLoad[]; peer: WallLoad[]; auditAlone: AppendAlone[] } = { gateway: [], unsecured: [], peer: [], auditAlone: [] };
    const load = async (target: LoadTarget, server: WallServer): Promise<WallLoad> => {
      const before = await server.usage();
      const database = startCpuMeter(options.database);
      const measured = await runLoad(target, options);
      const { databaseMs } = database();
      const after = await server.usage();
      const requests = Math.max(1, measured.requests);
      return { ...measured, cpu: { serverMs: after.cpuMs - before.cpuMs, ...(databaseMs === undefined ? {} : { databaseMs }) }, statementsPerRequest: (after.statements - before.statements) / requests };
    };
    for (let round = 0; round < 2; round++) {
      rounds.gateway.push(await load(gatewayTarget, servers.gateway));
      if (unsecuredTarget) rounds.unsecured.push(await load(unsecuredTarget, unsecured!));
      if (peerTarget) rounds.peer.push(await load(peerTarget, peer!));
      if (drafts.length > 0) rounds.auditAlone.push(await appendAlone(options.auditAlone!.store, drafts, options));
    }
    const served = (load: WallLoad) => load.requestsPerSecond;
    const gatewayResult = better(rounds.gateway, served)!;
    const unsecuredResult = better(rounds.unsecured, served);
    const peerResult = better(rounds.peer, served);
    const auditAloneResult = better(rounds.auditAlone, (appends) => appends.appendsPerSecond);
    results[request.name] = { gateway: gatewayResult, unsecured: unsecuredResult, peer: peerResult, auditAlone: auditAloneResult };
    lines.push(`  ${request.name}:`);
    lines.push(`    gateway            ${describe(gatewayResult)}`);
    if (unsecuredResult) {
      lines.push(`    unsecured baseline ${describe(unsecuredResult)}`);
      lines.push(`    gateway / unsecured baseline: requests/s ${(gatewayResult.requestsPerSecond / unsecuredResult.requestsPerSecond).toFixed(2)}×, p99 ${(gatewayResult.p99 / Math.max(unsecuredResult.p99, 0.001)).toFixed(2)}×`);
    }
    if (peerResult && unsecuredResult) lines.push(`    unsecured baseline / ${peer!.name}: requests/s ${(unsecuredResult.requestsPerSecond / peerResult.requestsPerSecond).toFixed(2)}×, p99 ${(unsecuredResult.p99 / Math.max(peerResult.p99, 0.001)).toFixed(2)}×`);
    if (peerResult) {
      lines.push(`    ${peer!.name.padEnd(18)} ${describe(peerResult)}`);
      lines.push(`    gateway / ${peer!.name}: requests/s ${(gatewayResult.requestsPerSecond / peerResult.requestsPerSecond).toFixed(2)}×, p99 ${(gatewayResult.p99 / Math.max(peerResult.p99, 0.001)).toFixed(2)}×`);
    }
    if (auditAloneResult) {
      lines.push(`    audit records alone ${drafts.length} per request, ${options.connections} appends waiting at a time: ${auditAloneResult.appendsPerSecond.toFixed(0)} appends/s (${auditAloneResult.recordsPerCommit.toFixed(1)} records per group commit)  CPU/append: ${describeCpuPerRequest(auditAloneResult.cpu, auditAloneResult.appends).replace('server', 'appending process')}`);
      const budget = cpuBudget(gatewayResult, unsecuredResult, peerResult, peer?.name, auditAloneResult);
      if (budget) lines.push(budget);
    }
  }
  return { lines, results };
}

/**
 * CPU per request, server and database together, where every figure was read: the unsecured
 * baseline plus the audit records appended alone is the least an audited request can cost on
 * this stack; on a machine whose cores the load saturates, requests per second follow it.
 */
function cpuBudget(gateway: WallLoad, unsecured: WallLoad | undefined, peer: WallLoad | undefined, peerName: string | undefined, audit: AppendAlone): string | undefined {
  const total = (cpu: CpuSpent, count: number) => (cpu.databaseMs === undefined ? undefined : ((cpu.serverMs + cpu.databaseMs) * 1000) / Math.max(1, count));
  const auditUs = total(audit.cpu, audit.appends);
  const unsecuredUs = unsecured && total(unsecured.cpu, unsecured.requests);
  if (auditUs === undefined || unsecuredUs === undefined) return undefined;
  const gatewayUs = total(gateway.cpu, gateway.requests);
  const peerUs = peer && total(peer.cpu, peer.requests);
  const parts = [`unsecured baseline ${unsecuredUs.toFixed(0)} + audit records alone ${auditUs.toFixed(0)} = ${(unsecuredUs + auditUs).toFixed(0)} µs`];
  if (gatewayUs !== undefined) parts.push(`gateway ${gatewayUs.toFixed(0)} µs`);
  if (peerUs !== undefined) parts.push(`${peerName} ${peerUs.toFixed(0)} µs`);
  return `    CPU per request, server and database: ${parts.join('; ')}`;
}

/** of two rounds, the one at the higher rate (the other was disturbed by something); none when nothing ran */
function better<Round>(rounds: Round[], rate: (round: Round) => number): Round | undefined {
  return rounds.length === 0 ? undefined : rounds.reduce((a, b) => (rate(b) > rate(a) ? b : a));
}

function describe(result: WallLoad): string {
  const failures = result.non2xx + result.errors;
  return `${result.requestsPerSecond.toFixed(0).padStart(6)} requests/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  (${result.requests} requests${failures ? `, ${failures} FAILED` : ''})  ${result.statementsPerRequest.toFixed(2)} statements/request  CPU/request: ${describeCpuPerRequest(result.cpu, result.requests)}`;
}

function availableCores(): number {
  return os.availableParallelism?.() ?? os.cpus().length;
}
