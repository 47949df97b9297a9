import { demoConfig } from '../src/demo/demo-config';
import { startBenchGateway } from './bench-gateway';
import type { FromServer, ServedSpec, ToServer } from './server-process';
import { openServerSources, serverBenchConfig } from './server-data';
import { startUnsecuredServer } from './unsecured-server';

/**
 * The child side of server-process.ts: serves one server of the bench in this process, answers
 * the bench's questions about its statements and CPU, and exits when told or when the bench goes.
 */
interface Served {
  url: string;
  statements(): number;
  close(): Promise<void>;
}

const send = (message: FromServer, then?: () => void) => process.send!(message, undefined, {}, () => then?.());
let served: Served | undefined;

process.on('message', (message: ToServer) => {
  if (message.type === 'start') {
    start(message.spec).then(
      (server) => {
        served = server;
        send({ type: 'ready', url: server.url, nodeEnv: process.env.NODE_ENV });
      },
      (error: unknown) => send({ type: 'failed', message: (error as Error).message ?? String(error) }, () => process.exit(1)),
    );
  } else if (message.type === 'usage') {
    const used = process.cpuUsage();
    send({ type: 'usage', id: message.id, statements: served?.statements() ?? 0, cpuMs: (used.user + used.system) / 1000 });
  } else {
    void (served?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  }
});
// the bench ended without closing this server (it failed or was stopped)
process.on('disconnect', () => process.exit(0));

async function start(spec: ServedSpec): Promise<Served> {
  if (spec.kind === 'postgraphile') {
    const { startPostGraphile } = await import('./peers/postgraphile.js');
    const peer = await startPostGraphile({ connectionString: spec.connectionString, schemas: spec.schemas });
    return { url: peer.url, statements: peer.statements, close: peer.close };
  }
  const env = { GATEWAY_DEMO_DIR: spec.demoDir, NODE_ENV: process.env.NODE_ENV };
  const config = await serverBenchConfig(spec.data, { ...demoConfig(env), demo: undefined });
  if (spec.kind === 'gateway') {
    const gateway = await startBenchGateway(config);
    return { url: `${gateway.url}/graphql`, statements: () => gateway.statements.count, close: gateway.close };
  }
  const sources = await openServerSources(config);
  try {
    const unsecured = await startUnsecuredServer(sources, { defaultPageSize: config.server.defaultPageSize, maxPageSize: config.server.maxPageSize });
    return {
      url: `${unsecured.url}/graphql`,
      statements: () => unsecured.statements.count,
      close: async () => {
        await unsecured.close();
        await sources.close();
      },
    };
  } catch (error) {
    await sources.close();
    throw error;
  }
}
