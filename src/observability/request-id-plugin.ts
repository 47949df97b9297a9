import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
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
          response.body.singleResult.errors = withRequestId(response.body.singleResult.errors, requestId);
        },
      };
    },
  };
}

/** the errors, each with the request id in its extensions */
function withRequestId(errors: readonly GraphQLFormattedError[], requestId: string): GraphQLFormattedError[] {
  return errors.map((error) => (error.extensions?.requestId === requestId ? error : { ...error, extensions: { ...error.extensions, requestId } }));
}

/**
 * A response body Apollo wrote before its plugins ran (a request without a query, say), with the
 * request id on its errors; a body that is not a GraphQL response passes as it is.
 */
export function bodyWithRequestId(body: string, requestId: string): string {
  let parsed: { errors?: unknown } | null;
  try {
    parsed = JSON.parse(body) as { errors?: unknown } | null;
  } catch {
    return body;
  }
  if (!parsed || !Array.isArray(parsed.errors) || !parsed.errors.every((error) => error && typeof error === 'object')) return body;
  parsed.errors = withRequestId(parsed.errors as GraphQLFormattedError[], requestId);
  return `${JSON.stringify(parsed)}${body.endsWith('\n') ? '\n' : ''}`;
}
