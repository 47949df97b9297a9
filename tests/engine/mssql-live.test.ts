import { mssqlTarget } from '../../src/demo/targets/mssql-target';
import { demoNamespaces, writeDemo } from '../../src/demo/write-demo';
import { TEST_DEMO, TEST_PREFIX } from '../support/test-env';
import { defineEngineScenarios } from './engine-scenarios';

/**
 * The engine suite against a real SQL Server, when MSSQL_URL names one (e.g.
 * mssql://sa:Passw0rd!@127.0.0.1:1433/master?trustServerCertificate=true). SQL Server cannot run
 * on the machine the project is developed on; its statements are checked by tests/tsql there.
 */
const url = process.env.MSSQL_URL;

if (url) {
  describe('SQL Server engine (mssql), live', () => {
    beforeAll(async () => {
      const target = await mssqlTarget(url);
      try {
        await writeDemo(target, demoNamespaces(TEST_PREFIX), TEST_DEMO);
      } finally {
        await target.close();
      }
    }, 600_000);
    defineEngineScenarios('mssql');
  });
} else {
  // eslint-disable-next-line no-console
  console.warn('skipped "SQL Server engine (mssql), live": MSSQL_URL is not set; T-SQL is checked by compiling statements in tests/tsql');
  describe.skip('SQL Server engine (mssql), live (skipped: MSSQL_URL is not set)', () => {
    it('runs the engine scenarios against SQL Server', () => undefined);
  });
}
