import { DummyDriver, Kysely, type DialectAdapter, type QueryCompiler } from 'kysely';

/**
 * A Kysely instance used purely to compile statements: the gateway executes them itself through
 * the design card's drivers (pg, mysql2, mssql, PGlite), so that statement logging, timeouts and
 * row normalisation live in one place per engine.
 */
export function compileOnlyBuilder(adapter: DialectAdapter, compiler: () => QueryCompiler): Kysely<any> {
  return new Kysely<any>({
    dialect: {
      createAdapter: () => adapter,
      createDriver: () => new DummyDriver(),
      createIntrospector: () => {
        throw new Error('schema introspection is not used by the gateway');
      },
      createQueryCompiler: compiler,
    },
  });
}
