import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfigFile, type GatewayConfig } from './config';
import { demoConfig, demoKeyDir } from './demo/demo-config';
import { ensureDemoKeys } from './demo/demo-identity';

export interface LoadedConfiguration {
  config: GatewayConfig;
  /** the embedded demo runs (no configuration file was found) */
  demo: boolean;
  source: string;
}

/** GATEWAY_CONFIG, else ./gateway.config.yaml, else the embedded demo hospital. */
export async function loadConfiguration(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<LoadedConfiguration> {
  const file = env.GATEWAY_CONFIG ? path.resolve(cwd, env.GATEWAY_CONFIG) : path.join(cwd, 'gateway.config.yaml');
  if (env.GATEWAY_CONFIG || existsSync(file)) return { config: loadConfigFile(file, env), demo: false, source: file };
  await ensureDemoKeys(demoKeyDir(env));
  return { config: demoConfig(env), demo: true, source: 'embedded demo hospital' };
}
