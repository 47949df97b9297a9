import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { GatewayMetrics } from './metrics';

/** Counts the errors of every response by code, and the refused fields, as the response leaves (after the other plugins). */
export function metricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          // after the audit plugin: its AUDIT_UNAVAILABLE errors count too
          await contextValue.audit?.settled;
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            const code = String(error.extensions?.code ?? 'UNKNOWN');
            metrics.errors.inc({ code });
            if (code === 'FORBIDDEN') metrics.denied.inc({ field: deniedTarget(error.extensions) });
          }
        },
      };
    },
  };
}

/** what a FORBIDDEN error refused: a schema coordinate or an argument name — never a value */
function deniedTarget(extensions: Record<string, unknown> | undefined): string {
  if (typeof extensions?.field === 'string') return extensions.field;
  if (typeof extensions?.argument === 'string') return `argument:${extensions.argument}`;
  return 'other';
}
