import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import { SourceQueryError } from '../../adapters/source-error';
import { createLogger } from '../../src/logging';
import { createErrorFormatter } from '../../src/graphql-errors';
import { errorLogPlugin } from '../../src/observability/error-log-plugin';

/**
 * The errors a response hides from its client are logged on the request's own logger (its id on
 * the line), once each: a source's failure with its cause but no SQL, an unexpected error with its
 * stack. Errors raised on purpose are not logged. The formatter tells the client the same story.
 */
describe('error log plugin', () => {
  const lines: any[] = [];
  const root = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }) });
  const log = root.child({ requestId: 'errors-000001' });
  const sourceFailure = new GraphQLError('x', { path: ['encounter', 'labOrders'], originalError: new SourceQueryError('lis', 'LabOrder', new Error('connect ECONNREFUSED while SELECT * FROM lab_request')) });
  const unexpected = new GraphQLError('y', { path: ['me'], originalError: new TypeError('cannot read properties of undefined') });
  const onPurpose = new GraphQLError('Not allowed', { path: ['patients'], extensions: { code: 'FORBIDDEN' } });

  beforeEach(() => lines.splice(0));

  it('logs source failures and unexpected errors met in execution, with the request id, and nothing for errors raised on purpose', async () => {
    const listener = (await errorLogPlugin().requestDidStart!({} as any)) as any;
    await listener.didEncounterErrors({ errors: [sourceFailure, unexpected, onPurpose], contextValue: { log } });
    expect(lines.map((l) => [l.msg, l.requestId, l.path])).toEqual([
      ['source query failed', 'errors-000001', ['encounter', 'labOrders']],
      ['unexpected error while resolving', 'errors-000001', ['me']],
    ]);
    expect(lines[0]).toMatchObject({ source: 'lis', entity: 'LabOrder', level: 50 });
    expect(lines[1].error.stack).toMatch(/TypeError/);
  });

  it('logs the source failures of lists served empty (the permissions’ deferred errors) once the response is ready', async () => {
    const listener = (await errorLogPlugin().requestDidStart!({} as any)) as any;
    await listener.willSendResponse({ contextValue: { log, permissions: { deferredErrors: [sourceFailure, onPurpose] } } });
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([['source query failed', 'errors-000001']]);
  });

  it('logs an error Apollo could not place in a response on the request’s logger', async () => {
    await errorLogPlugin().unexpectedErrorProcessingRequest!({ requestContext: { contextValue: { log } } as any, error: new Error('plugin bug') });
    expect(lines.map((l) => [l.msg, l.requestId, l.error.message])).toEqual([['unexpected error while resolving', 'errors-000001', 'plugin bug']]);
  });

  it('tells the client what was logged without its details', () => {
    const format = createErrorFormatter(true);
    const formatted = (error: GraphQLError) => format(error.toJSON(), error);
    expect(formatted(sourceFailure)).toMatchObject({ message: expect.stringMatching(/lis/), extensions: { code: 'SOURCE_UNAVAILABLE', source: 'lis' } });
    expect(JSON.stringify(formatted(sourceFailure))).not.toMatch(/SELECT|ECONNREFUSED/);
    expect(formatted(unexpected)).toEqual({ message: 'Internal server error', locations: undefined, path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(formatted(onPurpose)).toMatchObject({ message: 'Not allowed', extensions: { code: 'FORBIDDEN' } });
    expect(lines).toEqual([]);
  });
});
