import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { webPages } from '../../src/http/web-assets';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

/**
 * How the gateway serves the built pages: a strict CSP on every page and asset, hashed assets
 * cached for good and the HTML revalidated, no inline script, and a clear 404 before a build.
 */
describe('the web pages over HTTP', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw?.close();
  });

  it.each(['/dashboard/', '/audit/'])('serves %s with a CSP that allows its own origin only', async (page) => {
    const response = await fetch(`${gw.url}${page}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy')!;
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'connect-src': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('x-frame-options')).toBe('DENY');

    const html = await response.text();
    // every script is a file of this origin: no inline code, nothing from a CDN
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, content] of scripts) {
      expect(content!.trim()).toBe('');
      expect(attributes).toMatch(/src="\/web\/assets\/[\w-]+\.js"/);
    }
    const assets = [...html.matchAll(/(?:src|href)="(\/web\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    for (const asset of assets) {
      const file = await fetch(`${gw.url}${asset}`);
      expect([asset, file.status]).toEqual([asset, 200]);
      expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(file.headers.get('content-type')).toBe(asset.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
      expect(file.headers.get('content-security-policy')).toBe(csp);
    }
  });

  it('redirects the bare paths, keeps the query, and refuses what is not a built asset', async () => {
    const redirect = await fetch(`${gw.url}/dashboard?month=2026-10`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/dashboard/?month=2026-10');
    expect((await fetch(`${gw.url}/audit`, { redirect: 'manual' })).headers.get('location')).toBe('/audit/');

    for (const probe of ['/web/assets/..%2f..%2fpackage.json', '/web/assets/missing-abc123.js', '/web/dashboard/index.html', '/web/assets/x.map']) {
      const response = await fetch(`${gw.url}${probe}`);
      expect([probe, response.status]).toEqual([probe, 404]);
      expect(await response.text()).not.toContain('"name"');
    }
    // only reads: a POST to a page is not served
    expect((await fetch(`${gw.url}/dashboard/`, { method: 'POST' })).status).toBe(404);
  });

  it('answers 404 telling to run npm run build while the pages are not built', async () => {
    const handler = webPages(path.join(mkdtempSync(path.join(tmpdir(), 'gw-web-')), 'not-built'));
    const server = http.createServer((req, res) => {
      void handler(req, res, new URL(req.url ?? '/', 'http://x.invalid')).then((served) => {
        if (!served) res.writeHead(418).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const page of ['/dashboard/', '/audit/', '/web/assets/dashboard-abc.js']) {
        const response = await fetch(`${base}${page}`);
        expect([page, response.status]).toEqual([page, 404]);
        expect(await response.text()).toContain('npm run build');
      }
      expect((await fetch(`${base}/graphql`)).status).toBe(418);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
