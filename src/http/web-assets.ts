import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths';

/**
 * The operations dashboard (/dashboard/) and the audit review page (/audit/), built by Vite
 * from web/ into dist/web (`npm run build`). The pages talk to /graphql and /audit-export of
 * this same gateway only, and the CSP holds them to that: no CDN, no inline script, no framing.
 */
export const WEB_DIR = path.join(PROJECT_ROOT, 'dist', 'web');

export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** page path → its HTML file in dist/web */
const PAGES: Record<string, string> = {
  '/dashboard/': 'dashboard/index.html',
  '/audit/': 'audit/index.html',
};

/** Vite's base is /web/ (web/vite.config.ts): hashed files are /web/assets/<name>-<hash>.<ext> */
const ASSET = /^\/web\/assets\/([A-Za-z0-9_-]+\.(js|css))$/;

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

const NOT_BUILT = 'The dashboard and audit pages are not built yet: run `npm run build` (or `npm run build:web`) and reload.\n页面尚未构建：请运行 `npm run build`（或 `npm run build:web`）后刷新。\n';

export type WebPageHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/** Serves the web pages and their assets from a build folder; answers false for any other path. */
export function webPages(dir: string): WebPageHandler {
  // a hashed file never changes under its name, so it is read once
  const assetCache = new Map<string, Buffer>();
  return (req, res, url) => serve(dir, assetCache, req, res, url);
}

/** the gateway's pages, from dist/web */
export const serveWebPage: WebPageHandler = webPages(WEB_DIR);

async function serve(dir: string, assetCache: Map<string, Buffer>, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const { pathname } = url;
  if (pathname === '/dashboard' || pathname === '/audit') {
    res.writeHead(301, { Location: `${pathname}/${url.search}` });
    res.end();
    return true;
  }
  const page = PAGES[pathname];
  const asset = ASSET.exec(pathname);
  if (!page && !asset) return false;

  if (page) {
    // the HTML names the current hashed assets: always revalidated, so a rebuild shows at once
    const body = await readFile(path.join(dir, page)).catch(() => null);
    if (body) send(req, res, body, CONTENT_TYPES.html!, 'no-cache');
    else notFound(res, NOT_BUILT);
    return true;
  }
  const [, name, extension] = asset!;
  let body = assetCache.get(name!) ?? null;
  if (!body) {
    body = await readFile(path.join(dir, 'assets', name!)).catch(() => null);
    if (!body) {
      notFound(res, existsSync(dir) ? `no such asset: ${name} (the page is older than the build: reload it)\n` : NOT_BUILT);
      return true;
    }
    assetCache.set(name!, body);
  }
  send(req, res, body, CONTENT_TYPES[extension!]!, 'public, max-age=31536000, immutable');
  return true;
}

function notFound(res: ServerResponse, message: string): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(message);
}

function send(req: IncomingMessage, res: ServerResponse, body: Buffer, contentType: string, cacheControl: string): void {
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length, 'Content-Security-Policy': WEB_CSP, 'Cache-Control': cacheControl });
  res.end(req.method === 'HEAD' ? undefined : body);
}
