import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import { logResolverError } from '../graphql-errors';

/**
 * Logs the errors a response hides from its client (a source's failure, an unexpected error) on
 * the request's own logger, so that the line carries the request id the client was given. Apollo
 * hands every parse, validation and execution error to didEncounterErrors; the errors of lists
 * and pages served empty are the permissions' deferred errors; an error Apollo could not place
 * in a response at all comes to unexpectedErrorProcessingRequest.
 */
export function errorLogPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) logResolverError(contextValue.log, error);
        },
        // a list or page lost with its source is served empty, its error added after execution
        async willSendResponse({ contextValue }) {
          for (const error of contextValue.permissions?.deferredErrors ?? []) logResolverError(contextValue.log, error);
        },
      };
    },
    async unexpectedErrorProcessingRequest({ requestContext, error }) {
      logResolverError(requestContext.contextValue.log, error);
    },
  };
}
