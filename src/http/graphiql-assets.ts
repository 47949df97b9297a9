import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths';

/**
 * GraphiQL, served entirely by the gateway: the page and its init script from public/graphiql,
 * React and GraphiQL's prebuilt bundles from the installed packages. Nothing is fetched from
 * the internet, so analysts on an air-gapped intranet get a working console.
 */
export interface StaticAsset {
  body: Buffer;
  contentType: string;
}

/** a file inside an installed package, also where its `exports` map does not list it (React's UMD builds) */
const packageFile = (name: string, file: string) => path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

const PAGE_DIR = path.join(PROJECT_ROOT, 'public', 'graphiql');

const FILES: Record<string, { file: () => string; contentType: string }> = {
  '/graphiql': { file: () => path.join(PAGE_DIR, 'index.html'), contentType: 'text/html; charset=utf-8' },
  '/graphiql/assets/graphiql-init.js': { file: () => path.join(PAGE_DIR, 'graphiql-init.js'), contentType: 'text/javascript; charset=utf-8' },
  '/graphiql/assets/graphiql-page.css': { file: () => path.join(PAGE_DIR, 'graphiql-page.css'), contentType: 'text/css; charset=utf-8' },
  '/graphiql/assets/graphiql.min.js': { file: () => require.resolve('graphiql/graphiql.min.js'), contentType: 'text/javascript; charset=utf-8' },
  '/graphiql/assets/graphiql.min.css': { file: () => require.resolve('graphiql/graphiql.min.css'), contentType: 'text/css; charset=utf-8' },
  '/graphiql/assets/react.production.min.js': { file: () => packageFile('react', 'umd/react.production.min.js'), contentType: 'text/javascript; charset=utf-8' },
  '/graphiql/assets/react-dom.production.min.js': { file: () => packageFile('react-dom', 'umd/react-dom.production.min.js'), contentType: 'text/javascript; charset=utf-8' },
};

/** Only this origin may be contacted by the page: no CDN, no analytics, no fonts from elsewhere. */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const cache = new Map<string, StaticAsset>();

export function graphiqlAsset(pathname: string): StaticAsset | undefined {
  const entry = FILES[pathname === '/graphiql/' ? '/graphiql' : pathname];
  if (!entry) return undefined;
  let asset = cache.get(pathname);
  if (!asset) {
    asset = { body: readFileSync(entry.file()), contentType: entry.contentType };
    cache.set(pathname, asset);
  }
  return asset;
}
