import { getOperationAST, parse } from 'graphql';
import { securedExecutor } from '../gateway-executor';
import { DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import { buildRuleTree } from '../../src/permissions/rule-tree';
import { createContextFactory } from '../../src/request-context';
import type { Sources } from '../../src/sources';
import { authorizeRequest } from '../../src/permissions/permissions-plugin';

/**
 * Memory is bounded by the page, not the table: the heap a request of one page of encounters
 * (with patients and lab orders) holds at its peak, sampled while it runs, after a full GC.
 * Measured at every scale of the run: the same page should cost the same at 1× and 10×.
 */
const PAGE = `query Page($first: Int) { encounters(first: $first, filter: { period: { year: 2025 } }) { totalCount edges { node { id kind admittedAt patient { id name } labOrders { id results { analyteCode value } } } } } }`;

export async function memoryByPage(sources: Sources, pseudonymSecret: string, pageSizes: number[]): Promise<{ lines: string[]; peakMb: Record<number, number> }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const { schema, execute } = securedExecutor();
  const document = parse(PAGE);
  const createContext = createContextFactory(sources, buildRuleTree(schema), { limits: { defaultPageSize: 100, maxPageSize: 10_000 }, pseudonymSecret, smallCellK: 5 });
  const viewer = { id: 'mem', name: null, roles: ['clinician', 'dept_director'], departments: DEMO_DEPARTMENTS.map((d) => d.code) };
  const peakMb: Record<number, number> = {};
  const lines: string[] = [];
  if (!gc) lines.push('  (run node with --expose-gc for exact numbers; without it the baseline includes garbage)');
  for (const first of pageSizes) {
    let peak = 0;
    for (let run = 0; run < 3; run++) {
      gc?.();
      const baseline = process.memoryUsage().heapUsed;
      let high = baseline;
      const sampler = setInterval(() => (high = Math.max(high, process.memoryUsage().heapUsed)), 2);
      const context = await createContext({ viewer, requestId: 'bench' });
      await authorizeRequest(context, schema, document, getOperationAST(document)!, { first });
      const result = await execute({ document, variableValues: { first }, contextValue: context });
      high = Math.max(high, process.memoryUsage().heapUsed);
      clearInterval(sampler);
      const denied = context.permissions.deferredErrors;
      if (result.errors?.length || denied.length) throw new Error((result.errors?.[0] ?? denied[0])!.message);
      const edges = (result.data as { encounters: { edges: unknown[] } }).encounters.edges.length;
      if (edges !== first) throw new Error(`memory bench: asked for ${first} encounters, got ${edges}`);
      peak = Math.max(peak, (high - baseline) / 1_048_576);
    }
    peakMb[first] = peak;
    lines.push(`  page of ${String(first).padStart(5)} encounters: peak heap above baseline ${peak.toFixed(1)} MB`);
  }
  return { lines, peakMb };
}
