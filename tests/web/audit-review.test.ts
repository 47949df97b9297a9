import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import { startTestGateway, type TestGateway } from '../support/test-gateway';
import { attributesOf, describeInBrowser, expectOnlyPersistedTrafficTo, launchChromium, openPage, screenshot, signIn, type PageRecord } from './browser';

/**
 * The audit review page in headless Chromium: clinicians read patients and one breaks the glass;
 * an auditor then finds those reads by patient and by actor, opens a record, sees the chain
 * intact, marks the break-glass reviewed and downloads the FHIR export.
 */
describeInBrowser('the audit review page in a browser', () => {
  let gw: TestGateway;
  let browser: Browser;
  let auditor: string;
  /** a patient treated in ORTH only: outside the emergency clinician's department */
  let patient: string;
  let grantId: string;
  let wardPatients: string[];
  const opened: PageRecord[] = [];

  const open = async () => {
    const record = await openPage(browser);
    opened.push(record);
    await record.page.goto(`${gw.url}/audit/`);
    return record;
  };

  beforeAll(async () => {
    gw = await startTestGateway();
    browser = await launchChromium();
    auditor = await gw.token(['auditor'], [], 'auditor-web');

    const oracle = await gw.token(['clinician', 'dept_director'], DEMO_DEPARTMENTS.map((d) => d.code), 'oracle-web');
    const { body } = await gw.graphql('{ departments(filter: { codes: ["ORTH"] }) { encounters(first: 200) { edges { node { patient { id encounters { department { code } } } } } } } }', undefined, oracle);
    patient = body.data.departments[0].encounters.edges.map((e: any) => e.node.patient).find((p: any) => p.encounters.every((e: any) => e.department.code === 'ORTH')).id;

    // sensitive reads by a ward clinician: patient identities in clear
    const ward = await gw.token(['clinician'], ['CARD'], 'doc-ward-web');
    const read = await gw.graphql('query WardList { patients(filter: { departments: ["CARD"] }, first: 3) { edges { node { id name phone } } } }', undefined, ward);
    expect(read.body.errors).toBeUndefined();
    wardPatients = read.body.data.patients.edges.map((e: any) => e.node.id);

    // break-glass by an emergency clinician, then a read under it
    const emergency = await gw.token(['clinician'], ['RESP'], 'doc-glass-web');
    const grant = await gw.graphql('mutation($p: ID!) { breakGlass(patientId: $p, reason: "急诊抢救 resuscitation") { id } }', { p: patient }, emergency);
    expect(grant.body.errors).toBeUndefined();
    grantId = grant.body.data.breakGlass.id;
    const underGrant = await gw.graphql('query Resus($id: ID!) { patient(id: $id) { id name } }', { id: patient }, emergency);
    expect(underGrant.body.data.patient.id).toBe(patient);

    // an analyst's reads: names masked (MASKED), diagnosis names withheld (DENIED)
    const analyst = await gw.token(['analyst'], [], 'analyst-audit-web');
    const cohort = await gw.graphql('query Cohort { encounters(filter: { kind: INPATIENT }, first: 2) { edges { node { patient { id name } diagnoses { code name } } } } }', undefined, analyst);
    expect(cohort.body.data.encounters.edges).toHaveLength(2);
  });

  afterEach(async () => {
    for (const record of opened.splice(0)) await record.context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  const auditEvents = async (filter: Record<string, unknown>) => {
    const { body } = await gw.graphql('query($f: AuditEventFilter) { auditEvents(filter: $f, first: 200) { totalCount edges { node { id at action outcome actor { id } } } } }', { f: filter }, auditor);
    expect(body.errors).toBeUndefined();
    return body.data.auditEvents;
  };

  it('finds the clinicians’ reads by patient and by actor, and shows every field of a record', async () => {
    const record = await open();
    const { page } = record;
    await signIn(page, auditor);

    const integrity = page.getByTestId('integrity');
    await integrity.locator('[data-ok]').waitFor();
    expect(await integrity.locator('[data-ok]').getAttribute('data-ok')).toBe('true');
    expect(await integrity.textContent()).toMatch(/完整：已校验 \d+ 条记录/);

    // by patient: the break-glass and the read under it
    await page.getByTestId('filter-entity').fill(patient);
    await page.getByTestId('search-submit').click();
    await page.getByTestId('event').first().waitFor();
    const byPatient = await attributesOf(page.getByTestId('event'), 'data-action', 'data-actor');
    expect(byPatient).toEqual(expect.arrayContaining([['BREAK_GLASS', 'doc-glass-web'], ['READ', 'doc-glass-web']]));
    const expectedByPatient = await auditEvents({ entityId: patient });
    expect(await page.getByTestId('result-count').textContent()).toBe(`共 ${expectedByPatient.totalCount} 条记录`);
    expect((await attributesOf(page.getByTestId('event'), 'data-id')).map(([id]) => id)).toEqual(expectedByPatient.edges.map((e: any) => e.node.id));
    await screenshot(page, 'audit-1-search-by-patient');

    // the read under the grant: every field, the grant's reason as its purpose
    const readRow = page.locator('[data-testid="event"][data-action="READ"][data-actor="doc-glass-web"]').first();
    await readRow.click();
    const detail = page.getByTestId('event-detail');
    await detail.waitFor();
    const fields = (await attributesOf(detail.locator('[data-field]'), 'data-field')).map(([field]) => field);
    expect(fields).toEqual(['id', 'seq', 'at', 'requestId', 'actor.id', 'actor.name', 'actor.roles', 'actor.departments', 'actor.ip', 'actor.userAgent', 'action', 'operationName', 'operationHash', 'entityType', 'entityIds', 'patientIds', 'fields', 'outcome', 'purpose', 'filter', 'hash', 'prevHash']);
    const value = async (field: string) => (await detail.locator(`[data-field="${field}"] dd`).textContent())!;
    expect(await value('id')).toBe(await readRow.getAttribute('data-id'));
    expect(await value('patientIds')).toContain(patient);
    expect(await value('actor.departments')).toBe('RESP');
    expect(await value('operationName')).toBe('Resus');
    expect(await value('purpose')).toContain(grantId);
    expect(await value('hash')).toMatch(/^[0-9a-f]{64}$/);
    expect(await value('prevHash')).toMatch(/^[0-9a-f]{64}$/);
    expect(await value('fields')).toBe('id, name');
    await screenshot(page, 'audit-2-event-detail');
    await page.getByTestId('close-detail').click();
    expect(await detail.count()).toBe(0);

    // by actor: the ward clinician's read of exactly the patients served
    await page.getByTestId('filter-entity').fill('');
    await page.getByTestId('filter-actor').fill('doc-ward-web');
    await page.getByTestId('search-submit').click();
    await page.locator('[data-testid="event"][data-actor="doc-ward-web"]').first().waitFor();
    const byActor = await attributesOf(page.getByTestId('event'), 'data-actor', 'data-action');
    expect(new Set(byActor.map(([actor]) => actor))).toEqual(new Set(['doc-ward-web']));
    expect(byActor.map(([, action]) => action)).toEqual(expect.arrayContaining(['READ', 'SEARCH']));
    expect(byActor).toHaveLength((await auditEvents({ actor: 'doc-ward-web' })).totalCount);
    await page.locator('[data-testid="event"][data-action="READ"]').first().click();
    expect((await detail.locator('[data-field="entityIds"] dd').textContent())!.split(', ').sort()).toEqual([...wardPatients].sort());

    // outcome narrows the same search: nothing the ward clinician read was denied
    await page.getByTestId('filter-outcome').selectOption('DENIED');
    await page.getByTestId('search-submit').click();
    await page.getByText('没有符合条件的记录').waitFor();
    expect(await page.getByTestId('event').count()).toBe(0);

    expectOnlyPersistedTrafficTo(record, gw.url);
  });

  it('narrows a search by outcome to the rows with that outcome', async () => {
    const record = await open();
    const { page } = record;
    await signIn(page, auditor);

    // the analyst's records hold more than one outcome; each choice shows exactly its own
    const all = (await auditEvents({ actor: 'analyst-audit-web' })).edges.map((e: any) => e.node);
    const outcomes = [...new Set<string>(all.map((e: any) => e.outcome))];
    expect(outcomes).toEqual(expect.arrayContaining(['MASKED', 'DENIED']));
    await page.getByTestId('filter-actor').fill('analyst-audit-web');
    await search(page);
    expect(await eventIds(page)).toEqual(all.map((e: any) => e.id));

    const words: Record<string, string> = { ALLOWED: '明文提供', MASKED: '脱敏提供', DENIED: '拒绝' };
    for (const outcome of ['MASKED', ...outcomes.filter((o) => o !== 'MASKED')]) {
      await page.getByTestId('filter-outcome').selectOption(outcome);
      await search(page);
      const expected = all.filter((e: any) => e.outcome === outcome);
      expect(expected.length).toBeGreaterThan(0);
      expect([outcome, await page.getByTestId('result-count').textContent()]).toEqual([outcome, `共 ${expected.length} 条记录`]);
      expect([outcome, await eventIds(page)]).toEqual([outcome, expected.map((e: any) => e.id)]);
      // every row shown carries the outcome, in its word and its colour class
      const chips = page.getByTestId('event').locator('.chip');
      expect(await chips.count()).toBe(expected.length);
      for (const chip of await chips.all()) {
        expect([outcome, await chip.textContent(), await chip.getAttribute('class')]).toEqual([outcome, words[outcome], `chip outcome-${outcome.toLowerCase()}`]);
      }
      if (outcome === 'MASKED') await screenshot(page, 'audit-7-outcome-masked');
    }

    expectOnlyPersistedTrafficTo(record, gw.url);
  });

  it('narrows a search by time range: the ward clinician’s read is in a range around it and out of ranges before and after it', async () => {
    const record = await open();
    const { page } = record;
    await signIn(page, auditor);

    const ward = (await auditEvents({ actor: 'doc-ward-web' })).edges.map((e: any) => e.node);
    const read = ward.find((e: any) => e.action === 'READ');
    expect(read).toBeDefined();
    const times = ward.map((e: any) => Date.parse(e.at));
    const [first, last] = [Math.min(...times), Math.max(...times)];
    const minute = 60_000;
    /** the minute an instant falls in, shifted by whole minutes, as the input's local wall time */
    const wallTime = (instant: number, shift: number) => localInput(page, Math.floor(instant / minute) * minute + shift * minute);

    await page.getByTestId('filter-actor').fill('doc-ward-web');
    const inRange = { from: await wallTime(first, -1), to: await wallTime(last, 2) };
    await page.getByTestId('filter-from').fill(inRange.from);
    await page.getByTestId('filter-to').fill(inRange.to);
    expect(await page.getByTestId('filter-from').inputValue()).toBe(inRange.from);
    let sent = await search(page);
    // the page sends the wall times as the instants they are in the browser's zone
    expect(sent).toEqual({ actor: 'doc-ward-web', from: new Date(Math.floor(first / minute) * minute - minute).toISOString(), to: new Date(Math.floor(last / minute) * minute + 2 * minute).toISOString() });
    expect(await eventIds(page)).toEqual(ward.map((e: any) => e.id));
    expect(await eventIds(page)).toContain(read.id);
    await screenshot(page, 'audit-8-time-range');

    // a range that ends before the clinician's first record: nothing
    await page.getByTestId('filter-from').fill(await wallTime(first, -10));
    await page.getByTestId('filter-to').fill(await wallTime(first, -1));
    sent = await search(page);
    expect(Date.parse(sent.to as string)).toBeLessThan(first);
    await page.getByText('没有符合条件的记录').waitFor();
    expect(await eventIds(page)).toEqual([]);

    // one that starts after the last, with no end: nothing
    await page.getByTestId('filter-from').fill(await wallTime(last, 1));
    await page.getByTestId('filter-to').fill('');
    sent = await search(page);
    expect(sent.to).toBeUndefined();
    expect(Date.parse(sent.from as string)).toBeGreaterThan(last);
    expect(await eventIds(page)).toEqual([]);

    // and with only "to" after it, the read is back
    await page.getByTestId('filter-from').fill('');
    await page.getByTestId('filter-to').fill(inRange.to);
    await search(page);
    expect(await eventIds(page)).toContain(read.id);

    expectOnlyPersistedTrafficTo(record, gw.url);
  });

  /** submits the search form and waits for its answer to be shown; the filter it sent */
  async function search(page: Page): Promise<Record<string, unknown>> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/graphql' && r.request().postDataJSON()?.operationName === 'AuditReviewEvents'),
      page.getByTestId('search-submit').click(),
    ]);
    await response.finished();
    // the button is disabled while the search runs and enabled once its rows are set
    // (a selector, not waitForFunction: the page's CSP forbids evaluating strings)
    await page.locator('[data-testid="search-submit"]:enabled').waitFor();
    await page.getByTestId('result-count').waitFor();
    return response.request().postDataJSON().variables.filter;
  }

  async function eventIds(page: Page): Promise<string[]> {
    return (await attributesOf(page.getByTestId('event'), 'data-id')).map(([id]) => id!);
  }

  /** an instant as a datetime-local input's value in the browser's own time zone */
  async function localInput(page: Page, instant: number): Promise<string> {
    return page.evaluate((ms) => {
      const date = new Date(ms);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
    }, instant);
  }

  it('marks the break-glass reviewed with a comment, and it leaves the awaiting list', async () => {
    const record = await open();
    const { page } = record;
    await signIn(page, auditor);

    const grant = page.locator(`[data-testid="grant"][data-id="${grantId}"]`);
    await grant.waitFor();
    expect(await grant.getAttribute('data-patient')).toBe(patient);
    expect(await grant.textContent()).toContain('急诊抢救 resuscitation');
    await screenshot(page, 'audit-3-break-glass-awaiting');

    await grant.getByTestId('review-comment').fill('抢救记录已核实 verified against the resuscitation record');
    await grant.getByTestId('mark-reviewed').click();
    await grant.waitFor({ state: 'detached' });
    expect(await page.getByTestId('break-glass').textContent()).toContain('没有待复核的紧急授权');

    const { body } = await gw.graphql('{ accessRequests { id needsReview reviewedBy reviewedAt reviewComment } }', undefined, auditor);
    expect(body.data.accessRequests.find((r: any) => r.id === grantId)).toEqual({ id: grantId, needsReview: false, reviewedBy: 'auditor-web', reviewedAt: expect.any(String), reviewComment: '抢救记录已核实 verified against the resuscitation record' });
    const mutation = record.requests.find((r) => r.url().endsWith('/graphql') && r.postDataJSON().operationName === 'AuditReviewBreakGlass')!;
    expect(mutation.postDataJSON().variables).toEqual({ id: grantId, comment: '抢救记录已核实 verified against the resuscitation record' });
    // the review is itself recorded, and the chain still holds (the panel verified it again)
    expect((await auditEvents({ actor: 'auditor-web' })).edges.map((e: any) => e.node.action)).toContain('REVIEW');
    await page.getByTestId('integrity').locator('[data-ok="true"]').waitFor();
    await screenshot(page, 'audit-4-reviewed');

    expectOnlyPersistedTrafficTo(record, gw.url);
  });

  it('downloads the FHIR export of a time range as a Bundle of AuditEvent resources', async () => {
    const record = await open();
    const { page } = record;
    await signIn(page, auditor);
    await page.getByTestId('language').click();

    await page.getByTestId('export-prepare').click();
    const link = page.getByTestId('export-download');
    await link.waitFor();
    expect(await link.textContent()).toMatch(/^Download audit-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.fhir\.json \(/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-.*\.fhir\.json$/);
    const bundle = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle.entry.length).toBeGreaterThanOrEqual(3);
    for (const { resource } of bundle.entry) expect(resource.resourceType).toBe('AuditEvent');
    const agents = bundle.entry.flatMap(({ resource }: any) => resource.agent.map((agent: any) => JSON.stringify(agent.who)));
    expect(agents.some((who: string) => who.includes('doc-glass-web'))).toBe(true);
    await screenshot(page, 'audit-5-export-en');

    // the request carried the bearer token and went to the gateway's own export route
    const exported = record.requests.find((r) => new URL(r.url()).pathname === '/audit-export')!;
    expect(exported.method()).toBe('GET');
    expect((await exported.allHeaders()).authorization).toBe(`Bearer ${auditor}`);
    expectOnlyPersistedTrafficTo(record, gw.url);
  });

  it('refuses roles other than auditor with a clear message', async () => {
    const record = await open();
    const { page } = record;
    await signIn(page, await gw.token(['dept_director'], ['CARD'], 'director-audit-web'));
    const refusal = page.getByTestId('refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe('审计复核页面仅供审计角色使用；当前令牌的角色：科室主任。');
    expect(await page.getByTestId('search').count()).toBe(0);
    await screenshot(page, 'audit-6-director-refused');
    expectOnlyPersistedTrafficTo(record, gw.url);
  });
});
