import { auditedOperation, auditedRequests } from '../../bench/audited-request';
import { SMALL_QUERIES } from '../../bench/peers/postgraphile';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

/**
 * Scenario (d) appends "the audit records a request leaves" alone beside the servers, and scenario
 * (c) appends them for its audited reads: both work them out in the bench's process
 * (bench/audited-request.ts). They must be the records the gateway itself commits for the same
 * request over HTTP — the same events, with the same contents — or the bench measures another
 * audit trail than the one the gateway writes.
 */
describe('the audit records the bench works out for a request (issue 8)', () => {
  let gw: TestGateway;
  let auditor: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    auditor = await gw.token(['auditor'], [], 'auditor-bench');
  });

  afterAll(async () => {
    await gw?.close();
  });

  /** what an auditor reads of an event, without what differs by request (id, time, request id, address) */
  const contents = (event: Record<string, any>) => ({
    action: event.action,
    entityType: event.entityType,
    entityIds: event.entityIds,
    patientIds: event.patientIds,
    fields: event.fields,
    outcome: event.outcome,
    purpose: event.purpose,
    filter: typeof event.filter === 'string' ? JSON.parse(event.filter) : event.filter,
    operationName: event.operationName,
    operationHash: event.operationHash,
    actor: { id: event.actor.id, roles: event.actor.roles, departments: event.actor.departments },
  });

  const committedBy = async (actor: string) => {
    const { body } = await gw.graphql(
      `query($actor: ID) { auditEvents(filter: { actor: $actor }, first: 100) { edges { node { action entityType entityIds patientIds fields outcome purpose filter operationName operationHash actor { id roles departments } } } } }`,
      { actor },
      auditor,
    );
    expect(body.errors).toBeUndefined();
    return body.data.auditEvents.edges.map((edge: any) => contents(edge.node));
  };

  it("gives the records the gateway commits for a clinician's identity read and lab results read: the search and the reads", async () => {
    const clinician = await gw.token(['clinician'], ['CARD'], 'finder');
    const found = await gw.graphql(`{ encounters(first: 20, filter: { departments: ["CARD"] }) { edges { node { id patient { id } labOrders { id } } } } }`, undefined, clinician);
    const encounter = found.body.data.encounters.edges.map((edge: any) => edge.node).find((node: any) => node.labOrders.length > 0);
    expect(encounter).toBeDefined();
    const audited = auditedRequests(gw.gateway.sources, gw.pseudonymSecret);
    for (const [name, key] of [['patient', encounter.patient.id], ['encounterLabs', encounter.id]] as const) {
      const small = SMALL_QUERIES[name];
      const variables = small.variables(key).gateway;
      const sub = `bench-fidelity-${name}`;
      const served = await gw.graphql(small.gateway, variables, await gw.token(['clinician'], ['CARD'], sub));
      expect(served.body.errors).toBeUndefined();
      const committed = await committedBy(sub);
      const drafts = (await audited(auditedOperation(small.gateway), variables, { id: sub, name: null, roles: ['clinician'], departments: ['CARD'] }, 'bench')).map(contents);
      // a lookup by id is a search as well as a read: one record each, at least
      expect(committed.map((event: any) => event.action)).toContain('SEARCH');
      expect(committed.map((event: any) => event.action)).toContain('READ');
      const order = (events: ReturnType<typeof contents>[]) => [...events].sort((a, b) => `${a.action}${a.entityType}`.localeCompare(`${b.action}${b.entityType}`));
      expect(order(drafts)).toEqual(order(committed));
    }
  });
});
