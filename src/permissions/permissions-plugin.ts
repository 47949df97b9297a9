import type { ApolloServerPlugin } from '@apollo/server';
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
          await contextValue.permissions.authorize(schema, document, operation, request.variables, (search, refused) =>
            contextValue.audit.search(search.entityType, search.args, search.sensitivePaths, refused ? 'DENIED' : 'ALLOWED'),
          );
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
