import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { ReadContext } from '../adapters/entity-reader';
import type { GatewayContext } from '../src/context';
import { cachedColumnDemand } from '../src/loaders/column-demand';
import { createRequestLoaders } from '../src/loaders/request-loaders';
import { executorGateway } from '../src/execution/executor-gateway';
import { buildUnguardedSchema } from '../src/schema';
import { defaultExecutor } from './gateway-executor';
import type { Sources } from '../src/sources';

export interface UnsecuredServer {
  url: string;
  /** statements sent by requests since the server started */
  statements: { count: number };
  close(): Promise<void>;
}

/**
 * A baseline for scenario (d), never a way to serve: the gateway's schema, resolvers, batched
 * loaders, column demand and executor over the same sources, on Apollo's standalone HTTP server — without
 * tokens, permissions, row scopes, masking or the audit trail. Against the gateway it shows what
 * the security layers cost per request; against the peer, what the rest of the stack costs.
 */
export async function startUnsecuredServer(sources: Sources, limits: { defaultPageSize: number; maxPageSize: number }): Promise<UnsecuredServer> {
  const schema = buildUnguardedSchema();
  const statements = { count: 0 };
  const server = new ApolloServer<GatewayContext>({
    // executed as the gateway executes (compiled from a document's second run)
    gateway: executorGateway(schema, defaultExecutor(schema)),
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      {
        // the columns the document asks for, worked out once per parsed document as the gateway does
        async requestDidStart() {
          return {
            async didResolveOperation({ document, contextValue }) {
              (contextValue.read as { fields?: ReadContext['fields'] }).fields = cachedColumnDemand(schema, document);
            },
          };
        },
      },
    ],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async () => {
      const read: ReadContext = { onStatement: () => statements.count++ };
      return { read, loaders: createRequestLoaders(sources, read, limits) } as unknown as GatewayContext;
    },
  });
  return { url: url.replace(/\/$/, ''), statements, close: () => server.stop() };
}
