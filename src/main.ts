import { MappingError } from '../adapters/mapping/mapping-error';
import { ConfigError } from './config';
import { loadConfiguration } from './load-configuration';
import { createLogger } from './logging';
import { startGateway } from './server';

const SHUTDOWN_LIMIT_MS = 15_000;
/** how long a stopping gateway still accepts, reporting not ready, before it closes (env SHUTDOWN_DRAIN_MS) */
const DRAIN_MS = Number(process.env.SHUTDOWN_DRAIN_MS ?? 1_000);

async function main(): Promise<void> {
  const log = createLogger();
  const { config, demo, source } = await loadConfiguration();
  log.info({ configuration: source }, 'starting');
  const gateway = await startGateway(config, { log });
  if (demo) {
    process.stderr.write(
      `\n  医院数据网关 Hospital Data Gateway (embedded demo hospital)\n` +
        `  GraphQL:  ${gateway.url}/graphql\n` +
        `  GraphiQL: ${gateway.url}/graphiql\n` +
        `  Token:    npm run -s token -- --role analyst\n\n`,
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const forced = setTimeout(() => {
      log.error('shutdown did not finish in time');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    forced.unref();
    // not ready first, so that load balancers stop sending; connections already made are served
    gateway.drain();
    new Promise((resolve) => setTimeout(resolve, DRAIN_MS))
      .then(() => gateway.close())
      .then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ error: (error as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof MappingError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`the gateway could not start: ${(error as Error)?.stack ?? error}\n`);
  }
  process.exit(1);
});
