import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';

/**
 * Every error in a GraphQL response carries `extensions.requestId`, the id of the X-Request-Id
 * header and of the request's log lines, so that a user can quote it. The error formatter stamps
 * the errors Apollo formats; this stamps the ones plugins add afterwards (lists and pages refused
 * whole or lost with their source, AUDIT_UNAVAILABLE), once the audit commit has settled.
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
