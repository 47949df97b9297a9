import { CompiledQuery } from 'kysely';
import { resilientEngine } from '../../adapters/sql/resilient-engine';
import type { FailedStatement, SqlEngine } from '../../adapters/sql/sql-engine';

/**
 * The resilient engine names why each failed statement failed — once per statement, after its
 * retry — so that metrics and traces count failures by kind without reading driver messages.
 */
describe('statement failures by kind', () => {
  const query = CompiledQuery.raw('SELECT 1 AS one');
  const engineFailingWith = (fail: () => Promise<never>) => {
    let calls = 0;
    const inner = {
      name: 'postgres',
      dialect: {} as SqlEngine['dialect'],
      execute: async () => {
        calls += 1;
        return fail();
      },
      ping: async () => {},
      close: async () => {},
    } as SqlEngine;
    const engine = resilientEngine(inner, 'lis', { statementTimeoutMs: 50, failureThreshold: 2, resetMs: 60_000 });
    return { engine, calls: () => calls };
  };
  const failures = async (engine: SqlEngine, times = 1) => {
    const seen: FailedStatement[] = [];
    for (let i = 0; i < times; i++) await expect(engine.execute(query, { source: 'lis', onStatementFailed: (f) => seen.push(f) })).rejects.toThrow();
    return seen;
  };

  it('a refused connection: one report after the retry, then the open breaker refuses without sending', async () => {
    const { engine, calls } = engineFailingWith(() => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })));
    const seen = await failures(engine, 3);
    expect(seen.map((f) => f.kind)).toEqual(['connection', 'connection', 'circuit-open']);
    expect(calls()).toBe(4); // two statements, each retried once; the third never sent
    expect(seen[0]).toMatchObject({ source: 'lis', sql: 'SELECT 1 AS one' });
    expect(seen[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('a statement cancelled by the server, and one that never answers, are timeouts', async () => {
    const cancelled = engineFailingWith(() => Promise.reject(new Error('canceling statement due to statement timeout')));
    expect((await failures(cancelled.engine)).map((f) => f.kind)).toEqual(['timeout']);
    const stalled = engineFailingWith(() => new Promise<never>(() => {}));
    const [failure] = await failures(stalled.engine);
    expect(failure!.kind).toBe('timeout');
    expect(failure!.durationMs).toBeGreaterThanOrEqual(45);
  });

  it('an error of the statement itself is other, and does not open the breaker', async () => {
    const { engine, calls } = engineFailingWith(() => Promise.reject(new Error('column "x" does not exist')));
    expect((await failures(engine, 3)).map((f) => f.kind)).toEqual(['other', 'other', 'other']);
    expect(calls()).toBe(3);
  });
});
