import type { Browser, Locator } from 'playwright-core';
import { TEST_DEMO } from '../support/test-env';
import { startTestGateway, type TestGateway } from '../support/test-gateway';
import { attributesOf, describeInBrowser, expectOnlyPersistedTrafficTo, launchChromium, openPage, operationId, screenshot, signIn, storageOf, type PageRecord } from './browser';

/**
 * The operations dashboard in headless Chromium against the gateway over the test demo: a
 * director signs in with a pasted token and sees the scorecard, trends, benchmark and the
 * planted alerts as the API gives them; labels switch to English; refused and invalid tokens
 * get a clear message; the page uses persisted operations on its own origin only.
 */
const MONTH = TEST_DEMO.endMonth;
/** RESP's drug share climbs, FM19 (mostly CARD) runs over its payment standard, RAD's CT02 idles */
const DIRECTOR_DEPARTMENTS = ['RESP', 'CARD', 'RAD'];

describeInBrowser('the operations dashboard in a browser', () => {
  let gw: TestGateway;
  let browser: Browser;
  let director: string;
  const opened: PageRecord[] = [];

  /** an answer of the gateway to a persisted operation, as the oracle the page is held to */
  const persisted = async (name: string, variables: Record<string, unknown>, token: string) => {
    const response = await gw.post({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: operationId(name) } } }, token);
    const body = (await response.json()) as { data: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  const open = async (path = `/dashboard/?month=${MONTH}`) => {
    const record = await openPage(browser);
    opened.push(record);
    await record.page.goto(`${gw.url}${path}`);
    return record;
  };

  beforeAll(async () => {
    gw = await startTestGateway();
    browser = await launchChromium();
    director = await gw.token(['dept_director'], DIRECTOR_DEPARTMENTS, 'director-web');
  });

  afterEach(async () => {
    for (const record of opened.splice(0)) await record.context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('shows a director the scorecard by dimension with the statuses the API gives', async () => {
    const record = await open();
    const { page } = record;
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await screenshot(page, 'dashboard-1-sign-in');
    await signIn(page, director);

    const scorecard = page.getByTestId('scorecard');
    await scorecard.locator('[data-testid^="dimension-"]').first().waitFor();
    const expected = (await persisted('DashboardScorecard', { department: 'RESP', period: { month: MONTH } }, director)).scorecard;
    expect(expected.department.code).toBe('RESP');
    expect(await scorecard.locator('.dimensions').getAttribute('data-department')).toBe('RESP');

    const titles: Record<string, string> = { FINANCIAL: '财务', PATIENT: '患者', INTERNAL_PROCESS: '内部流程', LEARNING_GROWTH: '学习与成长' };
    expect(await scorecard.locator('[data-testid^="dimension-"]').count()).toBe(expected.dimensions.length);
    for (const group of expected.dimensions) {
      const card = scorecard.getByTestId(`dimension-${group.dimension}`);
      expect(await card.locator('h3').textContent()).toBe(titles[group.dimension]);
      const rows = card.locator('tbody tr');
      expect(await rows.count()).toBe(group.indicators.length);
      for (const [i, indicator] of group.indicators.entries()) {
        const row = rows.nth(i);
        expect(await row.getAttribute('data-kpi')).toBe(indicator.code);
        const status = indicator.status ?? (indicator.value === null ? 'NO_DATA' : 'NO_TARGET');
        expect([indicator.code, await row.locator('[data-status]').getAttribute('data-status')]).toEqual([indicator.code, status]);
      }
    }
    // RESP's planted drug-share climb leaves it off target, in red with its word
    const drugShare = scorecard.locator('tr[data-kpi="DRUG_SHARE"]');
    expect(await drugShare.locator('[data-status]').textContent()).toBe('未达标');
    expect(await drugShare.locator('td').nth(1).textContent()).toMatch(/^\d+\.\d%$/);
    // evaluated in the page (this project's type-check has no DOM library, hence the any)
    const colour = await drugShare.locator('[data-status]').evaluate((chip) => (globalThis as any).getComputedStyle(chip).color);
    expect(colour).toBe('rgb(198, 40, 40)');

    // every status the answer holds, each chip in its status's own colour (styles.css): the
    // three against a target distinct from one another and from the grey of no data / no target
    const statuses = new Map<string, number>();
    for (const indicator of expected.dimensions.flatMap((group: any) => group.indicators)) {
      const status = indicator.status ?? (indicator.value === null ? 'NO_DATA' : 'NO_TARGET');
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    expect(statuses.size).toBeGreaterThanOrEqual(2);
    const palette = { ON_TARGET: '--on-target', WATCH: '--watch', OFF_TARGET: '--off-target', NO_DATA: '--no-data', NO_TARGET: '--no-data' } as Record<string, string>;
    const colours = new Map<string, string>();
    for (const [status, count] of statuses) {
      const chips = scorecard.locator(`[data-status="${status}"]`);
      expect([status, await chips.count()]).toEqual([status, count]);
      const seen = new Set(await Promise.all((await chips.all()).map((chip) => chip.evaluate((element) => (globalThis as any).getComputedStyle(element).color as string))));
      expect([status, seen.size]).toEqual([status, 1]);
      const variable = await page.evaluate((name) => (globalThis as any).getComputedStyle((globalThis as any).document.documentElement).getPropertyValue(name) as string, palette[status]!);
      expect([status, [...seen][0]]).toEqual([status, rgb(variable)]);
      colours.set(status, [...seen][0]!);
    }
    const kinds = [...colours].map(([status, value]) => [status === 'NO_TARGET' ? 'NO_DATA' : status, value]);
    expect(new Set(kinds.map(([, value]) => value)).size).toBe(new Set(kinds.map(([kind]) => kind)).size);
    await screenshot(page, 'dashboard-1-scorecard-zh');

    expectOnlyPersistedTrafficTo(record, gw.url);
  });

  it('draws month-by-month trends with last year’s line, the benchmark ranking and the planted alerts', async () => {
    const record = await open();
    const { page } = record;
    await signIn(page, director);

    const drug = page.getByTestId('trend-DRUG_SHARE');
    await drug.locator('svg').waitFor();
    expect(await page.locator('[data-testid^="trend-"]').count()).toBe(4);
    await expect(drug.locator('path[data-series="this-year"]').count()).resolves.toBe(1);
    await expect(drug.locator('path[data-series="last-year"]').count()).resolves.toBe(1);
    // one point per month that has a value, for the twelve months ending with the chosen one
    const months = Array.from({ length: 12 }, (_, i) => {
      const [year, month] = MONTH.split('-').map(Number) as [number, number];
      const index = year * 12 + month - 1 - (11 - i);
      return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    });
    const answers = await Promise.all(months.map(async (month) => (await persisted('DashboardKpiTrend', { codes: ['DRUG_SHARE'], departments: ['RESP'], period: { month } }, director)).kpis.find((k: any) => k.code === 'DRUG_SHARE')));
    const values: (number | null)[] = answers.map((k: any) => k?.value ?? null);
    const lastYear: (number | null)[] = answers.map((k: any) => k?.lastYearValue ?? null);
    expect(await drug.locator('circle.this-year').count()).toBe(values.filter((v) => v !== null).length);
    expect((await drug.locator('circle.this-year').last().locator('title').textContent())!).toContain(MONTH);

    // both lines as the answers give them: a vertex per month with a value, a new stroke (M)
    // after a month without; x steps evenly by month and y falls as the value rises, on one
    // scale for both lines, so last year's line sits where its values are against this year's
    expect(lastYear.filter((v) => v !== null).length).toBeGreaterThanOrEqual(2);
    const thisYearLine = await pathOf(drug.locator('path[data-series="this-year"]'));
    const lastYearLine = await pathOf(drug.locator('path[data-series="last-year"]'));
    expect(thisYearLine.commands).toBe(strokes(values));
    expect(lastYearLine.commands).toBe(strokes(lastYear));
    const plotted = [...placed(values, thisYearLine.points), ...placed(lastYear, lastYearLine.points)];
    expectOnOneLine(plotted.map(({ month, x }) => [month, x]));
    expectOnOneLine(plotted.map(({ value, y }) => [value, y]));
    const [low, high] = [plotted.reduce((a, b) => (b.value < a.value ? b : a)), plotted.reduce((a, b) => (b.value > a.value ? b : a))];
    expect(high.y).toBeLessThan(low.y);
    // each point's tooltip gives the same month last year, as the API answered it
    const titles = await Promise.all((await drug.locator('circle.this-year title').all()).map((title) => title.textContent()));
    const expectedTitles = months.flatMap((month, i) => (values[i] === null ? [] : [[month, lastYear[i] === null ? '—' : `${(lastYear[i]! * 100).toFixed(1)}%`]]));
    expect(titles.map((title) => [title!.slice(0, 7), /\(去年同期: (.*)\)$/.exec(title!)?.[1]])).toEqual(expectedTitles);

    // the benchmark ranks the director's departments as the API does, best first
    const benchmark = page.getByTestId('benchmark');
    await benchmark.getByTestId('ranking').first().waitFor();
    const ranking = async () => (await attributesOf(benchmark.getByTestId('ranking'), 'data-department')).map(([code]) => code);
    const expectedDrug = (await persisted('DashboardBenchmark', { kpi: 'DRUG_SHARE', period: { month: MONTH } }, director)).benchmark;
    expect(await ranking()).toEqual(expectedDrug.map((r: any) => r.department.code));
    expect(expectedDrug.length).toBeGreaterThanOrEqual(2);
    await benchmark.getByTestId('benchmark-kpi').selectOption('AVERAGE_LENGTH_OF_STAY');
    const expectedStay = (await persisted('DashboardBenchmark', { kpi: 'AVERAGE_LENGTH_OF_STAY', period: { month: MONTH } }, director)).benchmark;
    await expect(poll(ranking, expectedStay.map((r: any) => r.department.code))).resolves.toBe(true);

    // the three planted anomalies, and nothing else
    const alerts = page.getByTestId('alert');
    await alerts.first().waitFor();
    expect(await attributesOf(alerts, 'data-rule', 'data-department', 'data-subject')).toEqual([
      ['DRUG_SHARE_CLIMBING', 'RESP', ''],
      ['DRG_OVER_PAYMENT_STANDARD', 'CARD', 'FM19'],
      ['EQUIPMENT_IDLE_AFTERNOONS', 'RAD', 'CT02'],
    ]);
    expect(await alerts.nth(0).textContent()).toContain('药占比连续上升');
    expect(await alerts.nth(2).textContent()).toContain('CT02');
    await screenshot(page, 'dashboard-2-director-zh');

    expectOnlyPersistedTrafficTo(record, gw.url);
  });

  it('shows finance the whole hospital first, and any clinical department on request', async () => {
    const record = await open();
    const { page } = record;
    await signIn(page, await gw.token(['finance'], [], 'finance-web'));
    const dimensions = page.getByTestId('scorecard').locator('.dimensions');
    await dimensions.waitFor();
    expect(await page.getByTestId('department').inputValue()).toBe('');
    expect(await dimensions.getAttribute('data-department')).toBe('');
    expect(await page.getByTestId('scorecard').locator('h2').textContent()).toContain('全院');
    const hospital = (await persisted('DashboardScorecard', { department: null, period: { month: MONTH } }, await gw.token(['finance'], [], 'finance-web'))).scorecard;
    const drugShare = hospital.dimensions.flatMap((d: any) => d.indicators).find((i: any) => i.code === 'DRUG_SHARE');
    expect(await page.locator('tr[data-kpi="DRUG_SHARE"] [data-status]').getAttribute('data-status')).toBe(drugShare.status ?? 'NO_TARGET');

    await page.getByTestId('department').selectOption('ORTH');
    await page.locator('.dimensions[data-department="ORTH"]').waitFor();
    // the whole hospital's ranking: every clinical department
    await page.getByTestId('ranking').nth(10).waitFor();
    expectOnlyPersistedTrafficTo(record, gw.url);
  });

  it('switches every label to English and back, keeping the token in sessionStorage only', async () => {
    const record = await open();
    const { page } = record;
    await signIn(page, director);
    await page.getByTestId('alert').first().waitFor();

    await page.getByTestId('language').click();
    await expect(page.getByRole('heading', { name: 'Operations dashboard' }).count()).resolves.toBe(1);
    expect(await page.getByTestId('dimension-FINANCIAL').locator('h3').textContent()).toBe('Financial');
    expect(await page.getByTestId('dimension-LEARNING_GROWTH').locator('h3').textContent()).toBe('Learning and growth');
    expect(await page.locator('tr[data-kpi="DRUG_SHARE"] [data-status]').textContent()).toBe('Off target');
    expect(await page.locator('tr[data-kpi="DRUG_SHARE"] td').first().textContent()).toBe(await englishName('DRUG_SHARE'));
    expect(await page.getByTestId('alert').first().locator('strong').textContent()).toBe('Drug share climbing');
    expect(await page.getByTestId('sign-out').textContent()).toBe('Sign out');
    expect(await page.getByTestId('trends').locator('h2').textContent()).toContain('Trends');
    const body = await page.locator('main').textContent();
    expect(body).not.toMatch(/平衡计分卡|预警|科室对标/);
    await screenshot(page, 'dashboard-3-director-en');

    // the token lives in this tab's sessionStorage, never in localStorage
    const storage = await storageOf(page);
    expect(storage.session).toContain(director);
    expect(storage.local.join('\n')).not.toContain(director);

    // a reload keeps the session (and the language); signing out forgets the token
    await page.reload();
    await page.getByTestId('sign-out').waitFor();
    expect(await page.getByTestId('sign-out').textContent()).toBe('Sign out');
    await page.getByTestId('sign-out').click();
    await page.getByTestId('token').waitFor();
    expect((await storageOf(page)).session).toEqual([]);
    await page.getByTestId('language').click();
    await expect(page.getByRole('heading', { name: '运营分析看板' }).count()).resolves.toBe(1);

    expectOnlyPersistedTrafficTo(record, gw.url);
  });

  it('tells an analyst, an auditor and an invalid token why there is nothing to see', async () => {
    const record = await open();
    const { page } = record;
    await signIn(page, await gw.token(['analyst'], [], 'analyst-web'));
    const refusal = page.getByTestId('refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('GraphiQL');
    expect(await refusal.textContent()).toContain('科室主任');
    expect(await page.getByTestId('scorecard').count()).toBe(0);
    await screenshot(page, 'dashboard-4-analyst-refused');
    await page.getByTestId('sign-out').click();

    await signIn(page, await gw.token(['auditor'], [], 'auditor-web'));
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('/audit/');
    await page.getByTestId('sign-out').click();

    // signed by a key the gateway does not trust: refused with 401 and not kept
    const forged = `${director.slice(0, director.lastIndexOf('.') + 1)}${'A'.repeat(43)}`;
    await signIn(page, forged);
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('令牌无效或已过期，请重新粘贴有效的令牌。');
    expect((await storageOf(page)).session).toEqual([]);
    await page.getByTestId('language').click();
    expect(await error.textContent()).toBe('The token is invalid or has expired; paste a valid token.');
    await screenshot(page, 'dashboard-5-invalid-token');

    await page.getByTestId('token').fill('   ');
    await page.getByTestId('sign-in').click();
    expect(await error.textContent()).toBe('Paste a token first.');

    expectOnlyPersistedTrafficTo(record, gw.url);
  });

  /** an SVG path's commands (as one string, e.g. "MLLML") and its vertices */
  async function pathOf(line: Locator): Promise<{ commands: string; points: { x: number; y: number }[] }> {
    const d = (await line.getAttribute('d')) ?? '';
    const vertices = [...d.matchAll(/([ML])(-?[\d.]+),(-?[\d.]+)/g)];
    expect(vertices.map((m) => m[0]).join(' ')).toBe(d.trim());
    return { commands: vertices.map((m) => m[1]).join(''), points: vertices.map((m) => ({ x: Number(m[2]), y: Number(m[3]) })) };
  }

  /** the commands a line through these monthly values draws: M where a stroke starts, L on */
  function strokes(values: (number | null)[]): string {
    return values.map((v, i) => (v === null ? '' : i > 0 && values[i - 1] !== null ? 'L' : 'M')).join('');
  }

  /** each vertex with the month (index) and value it stands for */
  function placed(values: (number | null)[], points: { x: number; y: number }[]) {
    const months = values.flatMap((value, month) => (value === null ? [] : [{ month, value }]));
    expect(points).toHaveLength(months.length);
    return months.map((m, i) => ({ ...m, ...points[i]! }));
  }

  /** the (a, b) pairs lie on one straight line, to the 0.1 the path's coordinates are rounded to */
  function expectOnOneLine(pairs: [number, number][]): void {
    const [first, last] = [pairs.reduce((a, b) => (b[0] < a[0] ? b : a)), pairs.reduce((a, b) => (b[0] > a[0] ? b : a))];
    expect(last[0]).toBeGreaterThan(first[0]);
    const slope = (last[1] - first[1]) / (last[0] - first[0]);
    const off = pairs.filter(([a, b]) => Math.abs(first[1] + slope * (a - first[0]) - b) > 0.15);
    expect(off).toEqual([]);
  }

  /** a CSS colour as getComputedStyle gives it: #2e7d32 → rgb(46, 125, 50) */
  function rgb(hex: string): string {
    const digits = hex.trim().replace(/^#/, '');
    const full = digits.length === 3 ? [...digits].map((c) => c + c).join('') : digits;
    expect(full).toMatch(/^[0-9a-f]{6}$/i);
    return `rgb(${[0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)).join(', ')})`;
  }

  /** waits (up to 10 s) until a reading equals what is expected; false if it never does */
  async function poll<T>(read: () => Promise<T>, expected: T): Promise<boolean> {
    for (const started = Date.now(); Date.now() - started < 10_000; await new Promise((resolve) => setTimeout(resolve, 100))) {
      if (JSON.stringify(await read()) === JSON.stringify(expected)) return true;
    }
    return false;
  }

  /** the catalog's English name of an indicator, as the English page must show it */
  async function englishName(code: string): Promise<string> {
    const catalog = (await persisted('DashboardCatalog', {}, director)).kpiCatalog;
    return catalog.find((k: any) => k.code === code).nameEn;
  }
});
