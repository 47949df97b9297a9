import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { GatewayMetrics } from './metrics';

/** Counts the errors of every response by code, as the response leaves (after the other plugins). */
export function metricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          // after the audit plugin: its AUDIT_UNAVAILABLE errors count too
          await contextValue.audit?.settled;
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) metrics.errors.inc({ code: String(error.extensions?.code ?? 'UNKNOWN') });
        },
      };
    },
  };
}
