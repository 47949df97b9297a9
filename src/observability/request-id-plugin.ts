import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';

/**
 * Every error in a GraphQL response carries `extensions.requestId`, the id of the X-Request-Id
 * header and of the request's log lines, so that a user can quote it: the errors Apollo formatted
 * and the ones plugins add afterwards (lists and pages refused whole or lost with their source,
 * AUDIT_UNAVAILABLE), once the audit commit has settled. (Apollo's formatter is not told the
 * request; the few answers Apollo writes before its plugins run are stamped by the server.)
 */
export function requestIdPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          await contextValue.audit?.settled;
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const { requestId } = contextValue;
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) =>
            error.extensions?.requestId === requestId ? error : { ...error, extensions: { ...error.extensions, requestId } },
          );
        },
      };
    },
  };
}
