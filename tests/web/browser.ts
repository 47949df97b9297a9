import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Request } from 'playwright-core';
import { WEB_DIR } from '../../src/http/web-assets';
import { PROJECT_ROOT } from '../../src/paths';
import type { PersistedManifest } from '../../src/reliability/persisted-documents';

/**
 * Headless Chromium (Debian's `chromium` package) driven by playwright-core, for the browser
 * suites. Without the browser a suite is skipped with the reason printed — except in CI
 * (CI=true), where a missing browser fails the run: `.ci/run` installs it.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-artifacts', 'screenshots');

export const MANIFEST = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'persisted', 'manifest.json'), 'utf8')) as PersistedManifest;
export const operationId = (name: string) => {
  const operation = MANIFEST.operations.find((o) => o.name === name);
  if (!operation) throw new Error(`${name} is not in persisted/manifest.json`);
  return operation.id;
};

const inCi = () => ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

/** time for one browser test or hook: a gateway start, a browser launch, a few page loads */
const BROWSER_TEST_TIMEOUT_MS = 180_000;

export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, () => {
      jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);
      body();
      // once, after the suite: where its screenshots went, for a CI log
      afterAll(() => {
        const there = existsSync(SCREENSHOTS) ? readdirSync(SCREENSHOTS).filter((file) => file.endsWith('.png')).length : 0;
        // eslint-disable-next-line no-console
        console.log(`"${name}": ${screenshotsWritten} screenshot(s) written to ${SCREENSHOTS} (${there} .png file(s) there in all)`);
      });
    });
    return;
  }
  const reason = `no Chromium at ${CHROMIUM} (install Debian's package: apt-get install -y --no-install-recommends chromium; or set CHROMIUM_PATH)`;
  if (inCi()) {
    describe(name, () => {
      it('needs Chromium in CI', () => {
        throw new Error(reason);
      });
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`skipped "${name}": ${reason}`);
  describe.skip(`${name} (skipped: ${reason})`, body);
}

/**
 * The browser's own language, which the context's `locale` does not reach: it decides how date,
 * month and datetime-local inputs show their values (2026/03/04 rather than 03/04/2026). On
 * Linux Chromium reads it from LANGUAGE and ignores --lang (passed for the other platforms), and
 * only takes a language whose translations are installed (Debian: chromium-l10n); without them it
 * falls back to en-US silently, hence the warning.
 */
export async function launchChromium(language = 'zh-CN'): Promise<Browser> {
  if (!existsSync(path.join(WEB_DIR, 'dashboard', 'index.html'))) throw new Error('dist/web is not built: run `npm run build:web` (npm test does it first)');
  warnWithoutTranslations(language);
  return chromium.launch({
    executablePath: CHROMIUM,
    // the background-networking flags matter: on a closed network Chromium's own update and
    // sync connections are refused and would otherwise disturb the page's
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--lang=${language}`],
    env: { ...process.env, LANGUAGE: language.replace('-', '_') },
  });
}

/** Debian's Chromium keeps its translations in /usr/lib/chromium/locales (package chromium-l10n) */
function warnWithoutTranslations(language: string): void {
  const locales = '/usr/lib/chromium/locales';
  if (CHROMIUM !== '/usr/bin/chromium' || !existsSync(locales) || existsSync(path.join(locales, `${language}.pak`))) return;
  // eslint-disable-next-line no-console
  console.warn(`no ${language}.pak in ${locales}: Chromium falls back to en-US for date and month inputs (apt-get install -y --no-install-recommends chromium-l10n)`);
}

/** what one page did on the network and in its console, for the suites' assertions */
export interface PageRecord {
  page: Page;
  context: BrowserContext;
  requests: Request[];
  /** console errors, CSP violations among them */
  consoleErrors: string[];
}

export async function openPage(browser: Browser, options: { locale?: string } = {}): Promise<PageRecord> {
  const context = await browser.newContext({ locale: options.locale ?? 'zh-CN', viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  // generous: the suites share a small machine with the other suites' gateways and databases
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const record: PageRecord = { page, context, requests: [], consoleErrors: [] };
  page.on('request', (request) => record.requests.push(request));
  page.on('console', (message) => {
    if (message.type() === 'error') record.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => record.consoleErrors.push(error.message));
  return record;
}

/** the origin a request went to; a blob: URL belongs to the origin that made it */
export function originOf(url: string): string {
  if (url.startsWith('data:')) return 'data:';
  return new URL(url.startsWith('blob:') ? url.slice('blob:'.length) : url).origin;
}

/** screenshots this suite (this test file) wrote: reported after it */
let screenshotsWritten = 0;

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  screenshotsWritten += 1;
}

/** a token typed in by the user: paste it and sign in */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.getByTestId('token').fill(token);
  await page.getByTestId('sign-in').click();
}

/**
 * The pages' network discipline: every request went to the gateway's own origin (no CDN, no
 * fonts, no analytics), every /graphql request named a persisted operation of the manifest by
 * its hash and carried no query text, and the CSP refused nothing.
 */
export function expectOnlyPersistedTrafficTo(record: PageRecord, gatewayUrl: string): void {
  const origin = new URL(gatewayUrl).origin;
  expect(record.requests.length).toBeGreaterThan(0);
  // data: is the blank favicon in the pages' <head>: no request leaves the browser for it
  const elsewhere = record.requests.map((r) => r.url()).filter((url) => originOf(url) !== origin && originOf(url) !== 'data:');
  expect(elsewhere).toEqual([]);

  const ids = new Set(MANIFEST.operations.map((o) => o.id));
  const graphql = record.requests.filter((r) => new URL(r.url()).pathname === '/graphql');
  expect(graphql.length).toBeGreaterThan(0);
  for (const request of graphql) {
    expect(request.method()).toBe('POST');
    const body = request.postDataJSON() as { query?: unknown; documentId?: unknown; extensions?: { persistedQuery?: { version?: number; sha256Hash?: string } } };
    expect(body.query).toBeUndefined();
    expect(body.documentId).toBeUndefined();
    expect(body.extensions?.persistedQuery?.version).toBe(1);
    expect(ids.has(body.extensions?.persistedQuery?.sha256Hash ?? '')).toBe(true);
    expect(new URL(request.url()).search).toBe('');
  }
  expect(record.consoleErrors.filter((text) => /Content Security Policy|Refused to/i.test(text))).toEqual([]);
}

/** the named attributes of every element a locator matches, in document order */
export async function attributesOf(locator: Locator, ...names: string[]): Promise<(string | null)[][]> {
  const rows: (string | null)[][] = [];
  for (const element of await locator.all()) rows.push(await Promise.all(names.map((name) => element.getAttribute(name))));
  return rows;
}

/** the values of the page's sessionStorage and localStorage (evaluated in the page) */
export async function storageOf(page: Page): Promise<{ session: string[]; local: string[] }> {
  return page.evaluate('({ session: Object.values(sessionStorage), local: Object.values(localStorage) })');
}
