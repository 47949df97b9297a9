import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { Kind, print, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { withDeadline } from '../../adapters/deadline';
import type { GatewayContext } from '../context';
import type { AuditCollector } from './audit-collector';
import { sha256Hex } from './audit-event';
import type { AuditWriter } from './audit-writer';
import { sensitiveFields } from './sensitive-fields';
import { withholdSensitive } from './withhold';

/**
 * The audit plugin: names the operation on the request's events, and holds the response until
 * its events are committed (group commit). If the store fails, is slow past the timeout or
 * refuses the write, the sensitive values are withheld and the rest of the response is served.
 */
export function auditPlugin(schema: GraphQLSchema, writer: AuditWriter, commitTimeoutMs: number): ApolloServerPlugin<GatewayContext> {
  const sensitive = new Set(sensitiveFields(schema).keys());
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, request, operation, document, queryHash }) {
          // Apollo has hashed the text already (SHA-256, hex: the same digest): automatic persisted
          // queries are off, so its hash is always of the text that runs
          nameRecords(contextValue.audit, operation, request.operationName, request.query !== undefined && queryHash ? queryHash : sha256Hex(request.query ?? print(document)));
        },
        async willSendResponse(requestContext) {
          const collector = requestContext.contextValue.audit;
          if (!collector || collector.isEmpty) return;
          collector.settled = commitOrWithhold(requestContext);
          await collector.settled;
        },
      };
    },
  };

  async function commitOrWithhold({ response, contextValue, operation, document }: GraphQLRequestContextWillSendResponse<GatewayContext>): Promise<void> {
    const collector = contextValue.audit;
    const drafts = collector.drafts();
    const started = performance.now();
    try {
      await withDeadline(writer.append(drafts), commitTimeoutMs, () => new Error(`the audit store did not commit within ${commitTimeoutMs} ms`));
    } catch (error) {
      contextValue.log.error({ events: drafts.length, ms: Math.round(performance.now() - started), error: (error as Error).message }, 'audit records could not be committed; sensitive data withheld');
      if (!collector.servedSensitive || response.body.kind !== 'single' || !operation || !document) return;
      const result = response.body.singleResult;
      if (!result.data) return;
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      const withheld = withholdSensitive(schema, operation, fragments, result.data as Record<string, unknown>, sensitive);
      result.errors = [...(result.errors ?? []), ...withheld.map((e) => e.toJSON())];
    }
  }
}

/** names a request's records: its operation's name (else the name the request gave) and the SHA-256 of its text */
export function nameRecords(audit: AuditCollector, operation: OperationDefinitionNode | null | undefined, requestedName: string | null | undefined, operationHash: string): void {
  audit.operationName = operation?.name?.value ?? requestedName ?? null;
  audit.operationHash = operationHash;
}
