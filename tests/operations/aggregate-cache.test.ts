import { execute, getOperationAST, parse } from 'graphql';
import type { ExecutedStatement } from '../../adapters/sql/sql-engine';
import type { Viewer } from '../../src/auth/viewer';
import { AggregateCache } from '../../src/operations/aggregate-cache';
import { buildRuleTree } from '../../src/permissions/rule-tree';
import { createContextFactory } from '../../src/request-context';
import { buildSchema } from '../../src/schema';
import type { Sources } from '../../src/sources';
import { openEngineSources, TEST_PSEUDONYM_SECRET } from '../support/engine-sources';

/**
 * Indicator sums and the reference data beside them are reused for the same statement under the same row scope, for
 * operations.cacheSeconds: a second identical scorecard sends no aggregate statement, a viewer
 * with another scope gets its own, and an expired entry is computed again.
 */
const SCORECARD = `query($department: ID) { scorecard(department: $department, period: { month: "2026-03" }) { dimensions { indicators { code value } } } }`;
// the indicator statements group by a month or day bucket (dictionary reads do not)
const isAggregate = (s: ExecutedStatement) => /g_bucket/.test(s.sql);

describe('aggregate cache for indicators (embedded engine)', () => {
  let sources: Sources;
  const schema = buildSchema();
  const document = parse(SCORECARD);

  beforeAll(async () => {
    sources = await openEngineSources('embedded');
  });
  afterAll(() => sources.close());

  const runner = (cache: AggregateCache, smallCellK = 5) => {
    const createContext = createContextFactory(sources, buildRuleTree(schema), { limits: { defaultPageSize: 100, maxPageSize: 10_000 }, pseudonymSecret: TEST_PSEUDONYM_SECRET, smallCellK, services: { aggregateCache: cache } });
    return async (viewer: Viewer, department?: string) => {
      const statements: ExecutedStatement[] = [];
      const contextValue = await createContext({ viewer, requestId: 'cache-test', onStatement: (s) => statements.push(s) });
      await contextValue.permissions.authorize(schema, document, getOperationAST(document)!, { department });
      const result = await execute({ schema, document, variableValues: { department }, contextValue });
      expect(result.errors).toBeUndefined();
      return { data: result.data as any, aggregates: statements.filter(isAggregate).length, statements: statements.length };
    };
  };
  const director = (code: string): Viewer => ({ id: `dir-${code}`, name: null, roles: ['dept_director'], departments: [code] });

  it('answers a repeated scorecard from the cache with the same values', async () => {
    const run = runner(new AggregateCache(60_000));
    const first = await run(director('CARD'), 'CARD');
    const second = await run(director('CARD'), 'CARD');
    expect(first.aggregates).toBeGreaterThan(5);
    expect(second.aggregates).toBe(0);
    expect(second.data).toEqual(first.data);
    // the reference data (beds, staff, large equipment) is reused with the sums: no statement at all
    expect(first.statements).toBeGreaterThan(first.aggregates);
    expect(second.statements).toBe(0);
  });

  it('never serves rows computed under one row scope to a viewer with another', async () => {
    const cache = new AggregateCache(60_000);
    const run = runner(cache);
    const card = await run(director('CARD'), 'CARD');
    const resp = await run(director('RESP'), 'RESP');
    expect(resp.aggregates).toBe(card.aggregates);
    expect(resp.data).not.toEqual(card.data);
    // another director of CARD under the same scope shares the entries
    expect((await run({ ...director('CARD'), id: 'other' }, 'CARD')).aggregates).toBe(0);
  });

  it('keeps the indicator values apart by what the viewer may read and by its small-cell rule: a shared cache changes no answer', async () => {
    const viewers: Viewer[] = [
      { id: 'analyst', name: null, roles: ['analyst'], departments: [] },
      { id: 'finance', name: null, roles: ['finance'], departments: [] },
      { id: 'ops', name: null, roles: ['ops_assistant'], departments: [] },
      director('CARD'),
    ];
    const alone = new Map<string, unknown>();
    for (const viewer of viewers) alone.set(viewer.id, (await runner(new AggregateCache(60_000))(viewer)).data);
    // hospital-wide viewers with different rules and readable classes answer differently
    expect(new Set([...alone.values()].map((data) => JSON.stringify(data))).size).toBeGreaterThan(2);
    const shared = runner(new AggregateCache(60_000));
    for (let round = 0; round < 2; round++) {
      for (const viewer of viewers) expect([viewer.id, (await shared(viewer)).data]).toEqual([viewer.id, alone.get(viewer.id)]);
    }
    // the same analyst under a stricter small-cell rule: same sums, other values
    const cache = new AggregateCache(60_000);
    const lenient = await runner(cache, 5)(viewers[0]!, 'CARD');
    const strict = await runner(cache, 100)(viewers[0]!, 'CARD');
    expect(strict.aggregates).toBe(0);
    expect(strict.data).toEqual((await runner(new AggregateCache(60_000), 100)(viewers[0]!, 'CARD')).data);
    expect(strict.data).not.toEqual(lenient.data);
  });

  it('computes again once an entry has expired, and with 0 seconds never keeps one', async () => {
    const run = runner(new AggregateCache(300));
    await run(director('CARD'), 'CARD');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await run(director('CARD'), 'CARD')).aggregates).toBeGreaterThan(5);
    const never = runner(new AggregateCache(0));
    await never(director('CARD'), 'CARD');
    expect((await never(director('CARD'), 'CARD')).aggregates).toBeGreaterThan(5);
  });

  it('does not keep a failed statement', async () => {
    const cache = new AggregateCache(60_000);
    const request = { groupBy: [], measures: [] };
    await expect(cache.rows('s', 'Encounter', {}, request, () => Promise.reject(new Error('source down')))).rejects.toThrow('source down');
    await expect(cache.rows('s', 'Encounter', {}, request, () => Promise.resolve([{ group: {}, values: { n: 1 } }]))).resolves.toEqual([{ group: {}, values: { n: 1 } }]);
  });
});
