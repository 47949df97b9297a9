import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';

/**
 * The GraphQL operation's span and, within it, the wait for the audit commit (installed only when
 * tracing is on). The operation is named by its type and the client's operation name; the
 * document and variables never go on a span.
 */
export function tracingPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      contextValue.trace.operationStarted();
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation) contextValue.trace.operationResolved(operation.operation, operation.name?.value);
        },
        async willSendResponse({ response, contextValue }) {
          const { trace, audit } = contextValue;
          const committing = audit && !audit.isEmpty;
          // the audit plugin, installed before this one, has just begun the commit: time this request's wait on it
          const started = performance.now();
          const records = committing ? audit.drafts().length : 0;
          await audit?.settled;
          const codes = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []).map((error) => String(error.extensions?.code ?? 'UNKNOWN')) : [];
          if (committing) trace.auditCommitted(started, records, codes.includes('AUDIT_UNAVAILABLE'));
          trace.operationEnded(codes);
        },
      };
    },
  };
}
