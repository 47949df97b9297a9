import { DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import type { BenchGateway } from '../bench-gateway';
import { postGraphQL } from '../bench-gateway';
import { measureInterleaved, ms } from '../measure';
import type { PostGraphilePeer } from '../peers/postgraphile';
import { rowsOfPostGraphile } from '../peers/postgraphile';
import { NESTED, rowsOf } from './nested-list';

/**
 * Scenario (a) as clients see it: the nested list over HTTP (request, token, JSON both ways) from
 * the gateway with permissions and the audit trail on, and from the peer over the same PostgreSQL
 * data. The two must return the same number of rows, or the comparison means nothing.
 */
export async function nestedOverHttp(gateway: BenchGateway, peer: PostGraphilePeer & { name: string }, first: number): Promise<{ lines: string[] }> {
  const token = await gateway.token(['clinician', 'dept_director'], DEMO_DEPARTMENTS.map((d) => d.code));
  const url = `${gateway.url}/graphql`;
  const fromGateway = () => postGraphQL(url, { query: NESTED, variables: { first } }, token);
  const fromPeer = async () => {
    const result = await peer.post(peer.nestedQuery, { first });
    if (result.errors?.length) throw new Error(`${peer.name}: ${result.errors[0]!.message}`);
    return result.data;
  };
  const gatewayRows = rowsOf({ data: await fromGateway() });
  const peerRows = rowsOfPostGraphile(await fromPeer());
  if (gatewayRows !== peerRows) throw new Error(`the gateway returned ${gatewayRows} rows and ${peer.name} ${peerRows}: not the same list`);
  const statementsBefore = gateway.statements.count;
  await fromGateway();
  const gatewayStatements = gateway.statements.count - statementsBefore;
  const peerBefore = peer.statements();
  await fromPeer();
  const peerStatements = peer.statements() - peerBefore;
  const samples = await measureInterleaved(9, 2, { 'gateway, permissions and audit on': fromGateway, [peer.name]: fromPeer });
  const base = samples[peer.name]!.median;
  const lines = Object.entries(samples).map(([name, sample]) => `  ${name.padEnd(36)} median ${ms(sample.median)} (p10 ${ms(sample.p10)}, p90 ${ms(sample.p90)})  ratio to ${peer.name} ${(sample.median / base).toFixed(3)}`);
  lines.push(`  ${gatewayRows} rows on both; statements per request: gateway ${gatewayStatements}, ${peer.name} ${peerStatements}`);
  return { lines };
}
