import { DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import { postGraphQL } from '../bench-gateway';
import { measureInterleaved, spreadOf } from '../measure';
import { POSTGRAPHILE_NESTED, rowsOfPostGraphile } from '../peers/postgraphile';
import type { WallServer } from './dashboard-wall';
import { NESTED, rowsOf } from './nested-list';

/**
 * Scenario (a) as clients see it: the nested list over HTTP (request, token, JSON both ways) from
 * the gateway with permissions and the audit trail on, and from the peer over the same PostgreSQL
 * data, each in a process of its own. The two must return the same number of rows, or the
 * comparison means nothing.
 */
export async function nestedOverHttp(
  gateway: WallServer,
  peer: WallServer & { name: string },
  token: (roles: string[], departments?: string[]) => Promise<string>,
  first: number,
): Promise<{ lines: string[] }> {
  const bearer = await token(['clinician', 'dept_director'], DEMO_DEPARTMENTS.map((d) => d.code));
  const fromGateway = () => postGraphQL(gateway.url, { query: NESTED, variables: { first } }, bearer);
  const fromPeer = () => postGraphQL(peer.url, { query: POSTGRAPHILE_NESTED, variables: { first } });
  const gatewayRows = rowsOf({ data: await fromGateway() });
  const peerRows = rowsOfPostGraphile(await fromPeer());
  if (gatewayRows !== peerRows) throw new Error(`the gateway returned ${gatewayRows} rows and ${peer.name} ${peerRows}: not the same list`);
  const statementsOf = async (server: WallServer, send: () => Promise<unknown>) => {
    const before = (await server.usage()).statements;
    await send();
    return (await server.usage()).statements - before;
  };
  const gatewayStatements = await statementsOf(gateway, fromGateway);
  const peerStatements = await statementsOf(peer, fromPeer);
  const samples = await measureInterleaved(9, 2, { 'gateway, permissions and audit on': fromGateway, [peer.name]: fromPeer });
  const base = samples[peer.name]!.median;
  const lines = [`  each server in a Node process of its own`];
  lines.push(...Object.entries(samples).map(([name, sample]) => `  ${name.padEnd(36)} ${spreadOf(sample)}  ratio to ${peer.name} ${(sample.median / base).toFixed(3)}`));
  lines.push(`  ${gatewayRows} rows on both; statements per request: gateway ${gatewayStatements}, ${peer.name} ${peerStatements}`);
  return { lines };
}
