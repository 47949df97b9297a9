import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project's root folder (holding package.json), whether running from src/ or dist/src/. */
export const PROJECT_ROOT = findRoot(__dirname);

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

/** The demo's data directory: generated database and keys. Env GATEWAY_DEMO_DIR overrides. */
export function demoDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.GATEWAY_DEMO_DIR ?? path.join(PROJECT_ROOT, '.demo'));
}
