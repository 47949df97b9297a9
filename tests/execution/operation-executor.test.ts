import { makeExecutableSchema } from '@graphql-tools/schema';
import { GraphQLError, parse } from 'graphql';
import { OperationExecutor } from '../../src/execution/operation-executor';

class SourceDown extends Error {}

const schema = makeExecutableSchema({
  typeDefs: `type Query { ward(code: String!): Ward, wards: [Ward!]! }
    type Ward { code: String!, beds: Int, occupancy: Float }
    type Mutation { note(text: String!): String }`,
  resolvers: {
    Query: {
      ward: (_: unknown, { code }: { code: string }) => ({ code, beds: code.length }),
      wards: () => [{ code: 'CARD', beds: 40 }, { code: 'RESP', beds: 30 }],
    },
    Ward: {
      occupancy: ({ code }: { code: string }) => {
        if (code === 'RESP') throw new SourceDown('the HIS is down');
        return 0.9;
      },
    },
    Mutation: { note: (_: unknown, { text }: { text: string }) => text },
  },
});

describe('the operation executor', () => {
  it('runs a document on graphql-js until its nth run, then compiles it once', async () => {
    const executor = new OperationExecutor(schema, { compileFromRun: 3 });
    const document = parse('{ wards { code beds } }');
    const answers = [];
    for (let run = 1; run <= 5; run++) {
      answers.push(await executor.execute({ document, contextValue: {} }));
      expect(executor.compiledOperations).toBe(run >= 3 ? 1 : 0);
    }
    for (const answer of answers) expect(answer).toEqual({ data: { wards: [{ code: 'CARD', beds: 40 }, { code: 'RESP', beds: 30 }] } });
  });

  it('never compiles with compileFromRun 0, nor a mutation', async () => {
    const off = new OperationExecutor(schema, { compileFromRun: 0 });
    const query = parse('{ wards { code } }');
    for (let run = 0; run < 3; run++) await off.execute({ document: query, contextValue: {} });
    expect(off.compiledOperations).toBe(0);
    const on = new OperationExecutor(schema, { compileFromRun: 1 });
    const mutation = parse('mutation { note(text: "x") }');
    expect(await on.execute({ document: mutation, contextValue: {} })).toEqual({ data: { note: 'x' } });
    expect(on.compiledOperations).toBe(0);
  });

  it('keeps an alias named __proto__ as a key of the result, as graphql-js does', async () => {
    const executor = new OperationExecutor(schema, { compileFromRun: 1 });
    const result = await executor.execute({ document: parse('{ __proto__: wards { code } }'), contextValue: {} });
    expect(Object.prototype.hasOwnProperty.call(result.data, '__proto__')).toBe(true);
    expect(JSON.stringify(result)).toBe('{"data":{"__proto__":[{"code":"CARD"},{"code":"RESP"}]}}');
  });

  it('gives a compiled error an extensions object and its original error, as graphql-js does', async () => {
    const executor = new OperationExecutor(schema, { compileFromRun: 1 });
    const result = await executor.execute({ document: parse('{ wards { code occupancy } }'), contextValue: {} });
    expect(executor.compiledOperations).toBe(1);
    expect(result.data).toEqual({ wards: [{ code: 'CARD', occupancy: 0.9 }, { code: 'RESP', occupancy: null }] });
    const [error] = result.errors!;
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error!.extensions).toEqual({});
    expect(error!.originalError).toBeInstanceOf(SourceDown);
    expect(error!.toJSON()).toEqual({ message: 'the HIS is down', locations: [{ line: 1, column: 16 }], path: ['wards', 1, 'occupancy'] });
  });

  it('runs a query graphql-jit declines on graphql-js, and says why', async () => {
    const declined: [string | null, string][] = [];
    const declining = () => ({ errors: [new GraphQLError('not supported here')] });
    const executor = new OperationExecutor(schema, { compileFromRun: 1, onDeclined: (name, reason) => declined.push([name, reason]) }, declining);
    const document = parse('query Wards { wards { code } }');
    for (let run = 0; run < 2; run++) expect(await executor.execute({ document, contextValue: {} })).toEqual({ data: { wards: [{ code: 'CARD' }, { code: 'RESP' }] } });
    expect(declined).toEqual([['Wards', 'not supported here']]);
    expect(executor.compiledOperations).toBe(0);
    const throwing = new OperationExecutor(schema, { compileFromRun: 1, onDeclined: (name, reason) => declined.push([name, reason]) }, () => {
      throw new Error('compiler bug');
    });
    expect(await throwing.execute({ document, contextValue: {} })).toEqual({ data: { wards: [{ code: 'CARD' }, { code: 'RESP' }] } });
    expect(declined[1]).toEqual(['Wards', 'compiler bug']);
  });

  it('leaves the wording of variables that do not coerce to graphql-js', async () => {
    const compiled = new OperationExecutor(schema, { compileFromRun: 1 });
    const reference = new OperationExecutor(schema, { compileFromRun: 0 });
    const document = parse('query W($code: String!) { ward(code: $code) { beds } }');
    const request = { document, contextValue: {}, variableValues: { code: 7 } };
    const answer = await compiled.execute(request);
    expect(answer).toEqual(await reference.execute(request));
    expect(answer.errors![0]!.message).toMatch(/^Variable "\$code" got invalid value 7/);
    expect(await compiled.execute({ ...request, variableValues: { code: 'CARD' } })).toEqual({ data: { ward: { beds: 4 } } });
  });
});
