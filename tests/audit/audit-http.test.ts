import { sha256Hex } from '../../src/audit/audit-event';
import { DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

/**
 * The audit trail over HTTP, with the demo's embedded store: every sensitive value served is
 * recorded (one event per entity type and request, listing exactly what was served), searches
 * keep their filters hashed, and the trail is reviewable and exportable by auditors only.
 */
describe('the audit trail over HTTP', () => {
  let gw: TestGateway;
  let auditor: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    auditor = await gw.token(['auditor'], [], 'auditor-1');
  });

  afterAll(async () => {
    await gw?.close();
  });

  const eventsOf = async (actor: string) => {
    const { body } = await gw.graphql(
      `query($actor: ID) { auditEvents(filter: { actor: $actor }, first: 100) { totalCount edges { node { action entityType entityIds patientIds fields outcome filter requestId operationName operationHash actor { id roles departments userAgent } hash prevHash } } } }`,
      { actor },
      auditor,
    );
    expect(body.errors).toBeUndefined();
    return body.data.auditEvents.edges.map((e: any) => e.node);
  };

  it('records exactly the identities served to many concurrent clients, one event per entity type and request', async () => {
    const WARD = `query Ward($first: Int) { patients(filter: { departments: ["CARD"] }, first: $first) { edges { node { id name phone gender } } } }`;
    const clients = Array.from({ length: 24 }, (_, i) => ({ sub: `doc-${i}`, first: 3 + (i % 6) }));
    const served = await Promise.all(
      clients.map(async ({ sub, first }) => {
        const token = await gw.token(['clinician'], ['CARD'], sub);
        const { body } = await gw.graphql(WARD, { first }, token);
        expect(body.errors).toBeUndefined();
        return { sub, ids: body.data.patients.edges.map((e: any) => e.node.id as string) };
      }),
    );
    for (const { sub, ids } of served) {
      const events = await eventsOf(sub);
      const reads = events.filter((e: any) => e.action === 'READ');
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({ entityType: 'Patient', outcome: 'ALLOWED', fields: ['id', 'name', 'phone'], operationName: 'Ward', operationHash: sha256Hex(WARD) });
      expect([...reads[0].entityIds].sort()).toEqual([...ids].sort());
      expect([...reads[0].patientIds].sort()).toEqual([...ids].sort());
      expect(reads[0].actor).toMatchObject({ id: sub, roles: ['clinician'], departments: ['CARD'] });
      const searches = events.filter((e: any) => e.action === 'SEARCH');
      expect(searches).toHaveLength(1);
      expect(searches[0].operationHash).toBe(sha256Hex(WARD));
      expect(JSON.parse(searches[0].filter)).toEqual({ filter: { departments: ['CARD'] }, first: expect.any(Number) });
    }
    const integrity = await gw.graphql('{ auditIntegrity { ok checkedRecords firstBrokenSeq problem } }', undefined, auditor);
    expect(integrity.body.data.auditIntegrity).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(integrity.body.data.auditIntegrity.checkedRecords).toBeGreaterThanOrEqual(48);
  });

  it('records masked and denied reads, and searches with their sensitive values hashed', async () => {
    const analyst = await gw.token(['analyst'], [], 'analyst-7');
    const masked = await gw.graphql('{ encounters(filter: { kind: INPATIENT }, first: 2) { edges { node { patient { id name } diagnoses { code name } } } } }', undefined, analyst);
    expect(masked.body.data.encounters.edges).toHaveLength(2);
    const refused = await gw.graphql('{ patients(filter: { name: "张三" }) { totalCount } }', undefined, analyst);
    expect(refused.body.errors![0].extensions.code).toBe('FORBIDDEN');
    const events = await eventsOf('analyst-7');
    expect(events.find((e: any) => e.entityType === 'Patient' && e.action === 'READ')).toMatchObject({ outcome: 'MASKED', fields: ['id', 'name'] });
    expect(events.find((e: any) => e.entityType === 'Diagnosis' && e.outcome === 'DENIED')).toMatchObject({ fields: ['name'] });
    const search = events.find((e: any) => e.action === 'SEARCH' && e.outcome === 'DENIED');
    expect(search.filter).not.toContain('张三');
    expect(JSON.parse(search.filter)).toEqual({ filter: { name: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) } });
  });

  it('lets only auditors review the trail', async () => {
    const clinician = await gw.token(['clinician'], ['CARD']);
    const { body } = await gw.graphql('{ auditEvents(first: 1) { totalCount } }', undefined, clinician);
    expect(body.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(body.data.auditEvents.totalCount).toBe(0);
  });

  it('exports a time range as FHIR R4 AuditEvent resources, for auditors, and records the export', async () => {
    const reader = await gw.token(['dept_director'], ['CARD'], 'dir-export');
    await gw.graphql('{ patients(first: 20) { edges { node { name } } } encounters(filter: {}, first: 20) { edges { node { diagnoses { code } } } } }', undefined, reader);
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const url = `${gw.url}/audit-export?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const denied = await fetch(url, { headers: { authorization: `Bearer ${await gw.token(['dept_director'], ['CARD'])}` } });
    expect(denied.status).toBe(403);
    const response = await fetch(url, { headers: { authorization: `Bearer ${auditor}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    const bundle = (await response.json()) as any;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle.entry.length).toBeGreaterThanOrEqual(2);
    for (const { resource } of bundle.entry) {
      expect(resource.resourceType).toBe('AuditEvent');
      expect(resource.type.system).toBeTruthy();
      expect(resource.recorded).toMatch(/Z$/);
      expect(resource.agent[0]).toMatchObject({ requestor: true, who: expect.any(Object) });
      expect(resource.source.observer).toBeTruthy();
      expect(['0', '4']).toContain(resource.outcome);
    }
    const events = await eventsOf('auditor-1');
    expect(events.some((e: any) => e.action === 'EXPORT')).toBe(true);
  });
});

describe('access requests and break-glass', () => {
  let gw: TestGateway;
  let patient: string;

  beforeAll(async () => {
    gw = await startTestGateway({
      configure: (config) => {
        config.audit.approvalSeconds = 3;
        config.audit.breakGlassSeconds = 2;
      },
    });
    const oracle = await gw.token(['clinician', 'dept_director'], DEMO_DEPARTMENTS.map((d) => d.code), 'oracle');
    const { body } = await gw.graphql('{ departments(filter: { codes: ["ORTH"] }) { encounters(first: 200) { edges { node { patient { id encounters { department { code } } } } } } } }', undefined, oracle);
    patient = body.data.departments[0].encounters.edges
      .map((e: any) => e.node.patient)
      .find((p: any) => p.encounters.every((e: any) => e.department.code === 'ORTH')).id;
  });

  afterAll(async () => {
    await gw?.close();
  });

  const sees = async (token: string) => (await gw.graphql('query($id: ID!) { patient(id: $id) { id name } }', { id: patient }, token)).body.data?.patient?.id === patient;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('opens a patient outside the department after a treating director approves, until it expires', async () => {
    const clinician = await gw.token(['clinician'], ['CARD'], 'doc-request');
    expect(await sees(clinician)).toBe(false);
    const requested = await gw.graphql('mutation($p: ID!) { requestRecordAccess(patientId: $p, reason: "会诊 consultation for chest pain") { id status } }', { p: patient }, clinician);
    expect(requested.body.data.requestRecordAccess.status).toBe('PENDING');
    const id = requested.body.data.requestRecordAccess.id;
    expect(await sees(clinician)).toBe(false);

    const otherDirector = await gw.token(['dept_director'], ['CARD'], 'dir-card');
    const refused = await gw.graphql('mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { status } }', { id }, otherDirector);
    expect(refused.body.errors![0].extensions.code).toBe('FORBIDDEN');

    const director = await gw.token(['dept_director'], ['ORTH'], 'dir-orth');
    const pending = await gw.graphql('{ accessRequests(status: PENDING) { id patientId reason } }', undefined, director);
    expect(pending.body.data.accessRequests.map((r: any) => r.id)).toContain(id);
    const decided = await gw.graphql('mutation($id: ID!) { decideAccessRequest(id: $id, approve: true, comment: "同意") { status active expiresAt } }', { id }, director);
    expect(decided.body.data.decideAccessRequest).toMatchObject({ status: 'APPROVED', active: true });

    expect(await sees(clinician)).toBe(true);
    const auditor = await gw.token(['auditor'], [], 'auditor-2');
    const events = (await gw.graphql('query($p: ID) { auditEvents(filter: { entityId: $p }, first: 50) { edges { node { action actor { id } purpose outcome } } } }', { p: patient }, auditor)).body.data.auditEvents.edges.map((e: any) => e.node);
    expect(events.map((e: any) => e.action)).toEqual(expect.arrayContaining(['REQUEST', 'GRANT', 'READ']));
    expect(events.find((e: any) => e.action === 'READ' && e.actor.id === 'doc-request').purpose).toContain(id);

    await sleep(3_300);
    expect(await sees(clinician)).toBe(false);
  });

  it('grants break-glass access at once, briefly, flagged until an auditor reviews it', async () => {
    const clinician = await gw.token(['clinician'], ['RESP'], 'doc-emergency');
    expect(await sees(clinician)).toBe(false);
    const grant = await gw.graphql('mutation($p: ID!) { breakGlass(patientId: $p, reason: "急诊抢救 resuscitation") { id patientId expiresAt } }', { p: patient }, clinician);
    expect(grant.body.errors).toBeUndefined();
    expect(await sees(clinician)).toBe(true);

    const auditor = await gw.token(['auditor'], [], 'auditor-3');
    const flagged = await gw.graphql('{ accessRequests { id kind needsReview } }', undefined, auditor);
    expect(flagged.body.data.accessRequests.find((r: any) => r.id === grant.body.data.breakGlass.id)).toMatchObject({ kind: 'BREAK_GLASS', needsReview: true });
    const reviewed = await gw.graphql('mutation($id: ID!) { reviewBreakGlass(id: $id, comment: "justified") { needsReview reviewedBy } }', { id: grant.body.data.breakGlass.id }, auditor);
    expect(reviewed.body.data.reviewBreakGlass).toEqual({ needsReview: false, reviewedBy: 'auditor-3' });

    await sleep(2_300);
    expect(await sees(clinician)).toBe(false);
    const actions = (await gw.graphql('query($p: ID) { auditEvents(filter: { entityId: $p }, first: 100) { edges { node { action } } } }', { p: patient }, auditor)).body.data.auditEvents.edges.map((e: any) => e.node.action);
    expect(actions).toEqual(expect.arrayContaining(['BREAK_GLASS', 'REVIEW']));
  });

  it('refuses a request without a real reason, and break-glass for roles other than clinicians', async () => {
    const clinician = await gw.token(['clinician'], ['CARD']);
    const short = await gw.graphql('mutation($p: ID!) { requestRecordAccess(patientId: $p, reason: " ") { id } }', { p: patient }, clinician);
    expect(short.body.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const analyst = await gw.token(['analyst']);
    const glass = await gw.graphql('mutation($p: ID!) { breakGlass(patientId: $p, reason: "curiosity!") { id } }', { p: patient }, analyst);
    expect(glass.body.errors![0].extensions.code).toBe('FORBIDDEN');
  });
});
