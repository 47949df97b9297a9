import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context';
import type { OperationRequest } from './operation-executor';

type GatewayInterface = ApolloServerOptionsWithGateway<GatewayContext>['gateway'];

/**
 * Apollo Server lets a "gateway" supply the schema and the function that executes operations;
 * that is its only way to run an executor other than graphql-js. Parsing, validation, plugins and
 * error formatting stay Apollo's; this gateway serves one fixed schema and hands execution on.
 */
export function executorGateway(schema: GraphQLSchema, executor: { execute(request: OperationRequest): Promise<ExecutionResult> }): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return {
        executor: (request) =>
          executor.execute({ document: request.document, operationName: request.request.operationName, variableValues: request.request.variables, contextValue: request.context }),
      };
    },
    async stop() {},
  };
}
