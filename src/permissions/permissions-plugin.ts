import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context';

/**
 * Runs the authorization pass once the operation is known and before it executes: the
 * graphql-shield rules of every selected field are decided here, not per row.
 */
export function permissionsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, contextValue, request }) {
          if (!operation) return;
          await authorizeRequest(contextValue, schema, document, operation, request.variables);
        },
        async willSendResponse({ response, contextValue }) {
          const denied = contextValue.permissions?.deferredErrors ?? [];
          if (denied.length === 0 || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.errors = [...(result.errors ?? []), ...denied.map((error) => error.toJSON())];
        },
      };
    },
  };
}

/**
 * One request's authorization pass as the server runs it: the searches it finds (root lists and
 * lookups over patient data, with their arguments) become audit records of the request, DENIED
 * when an argument was refused.
 */
export function authorizeRequest(context: GatewayContext, schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): Promise<void> {
  return context.permissions.authorize(schema, document, operation, variables, (search, refused) =>
    context.audit.search(search.entityType, search.args, search.sensitivePaths, refused ? 'DENIED' : 'ALLOWED'),
  );
}
