import type { GraphQLSchema } from 'graphql';
import { DEFAULT_COMPILE_FROM_RUN } from '../src/config';
import { GuardedExecutor } from '../src/execution/guarded-executor';
import { OperationExecutor, type OperationRequest } from '../src/execution/operation-executor';
import { buildUnguardedSchema } from '../src/schema';

/**
 * The gateway's way of executing an operation over a schema, with its default settings (server.ts):
 * graphql-js on a document's first run, its compiled functions from then on. The in-process
 * scenarios run the gateway's variants through it; the floor and the naive server stay on graphql-js.
 */
export function gatewayExecutor(schema: GraphQLSchema): (request: OperationRequest) => ReturnType<OperationExecutor['execute']> {
  const executor = defaultExecutor(schema);
  return (request) => executor.execute(request);
}

/** the executor with the gateway's default settings (the unsecured baseline serves through it) */
export function defaultExecutor(schema: GraphQLSchema): OperationExecutor {
  return new OperationExecutor(schema, { compileFromRun: DEFAULT_COMPILE_FROM_RUN });
}

/** the guarded schema and the way server.ts executes over it (GuardedExecutor), with the default settings */
export function securedExecutor(): { schema: GraphQLSchema; execute: (request: OperationRequest) => ReturnType<OperationExecutor['execute']> } {
  const executor = new GuardedExecutor(buildUnguardedSchema(), { compileFromRun: DEFAULT_COMPILE_FROM_RUN });
  return { schema: executor.schema, execute: (request) => executor.execute(request) };
}
