import { AuditStore } from '../../src/audit/store/audit-store';
import { databaseProcesses } from '../../bench/cpu-meter';
import { appendAlone } from '../../bench/scenarios/audit-append-alone';
import { identityReadDraft } from '../support/identity-read-draft';
import { freshAuditDatabase, type FreshAuditDatabase } from '../support/audit-databases';
import { describeWithEngine, PG_URL, TEST_PREFIX } from '../support/test-env';

/**
 * Scenario (d) sets a request's audit records appended alone beside the servers, as the least
 * that request's durable audit costs: they must really be appended — each time as new records,
 * through group commit, into a chain that still verifies — and their CPU really read.
 */
const SECRET = 'audit-seal-secret-for-tests-32-bytes!!';

const identityRead = identityReadDraft();

describeWithEngine('postgres', 'the audit records of a request appended alone (bench, issue 8)', () => {
  let fresh: FreshAuditDatabase;
  let store: AuditStore;
  let close: () => Promise<void>;

  beforeAll(async () => {
    fresh = await freshAuditDatabase('postgres', `${TEST_PREFIX}append_alone_${process.pid}`);
    const db = fresh.open();
    store = new AuditStore(db, SECRET, fresh.schema);
    await store.init();
    close = () => db.close();
  });

  afterAll(async () => {
    await close();
    await fresh.close();
  });

  it('appends fresh records in group commits into a chain that verifies, and reads the CPU of both sides', async () => {
    const measured = await appendAlone(store, [identityRead, { ...identityRead, entityType: 'LabResult', fields: ['value'] }], { connections: 8, seconds: 1, database: databaseProcesses('postgres', PG_URL) });
    expect(measured.appends).toBeGreaterThan(10);
    expect(measured.appendsPerSecond).toBeGreaterThan(0);
    // eight appends waiting at once share commits: one INSERT for several requests' records
    expect(measured.recordsPerCommit).toBeGreaterThan(2);
    expect(measured.cpu.serverMs).toBeGreaterThan(0);
    expect(measured.cpu.databaseMs).toBeGreaterThan(0);

    const [counts] = (await fresh.admin(`SELECT count(*)::int AS records, count(DISTINCT id)::int AS ids FROM ${fresh.table('audit_event')}`)) as { records: number; ids: number }[];
    // the timed appends and the warm-up's, two records each, every one with an id of its own
    expect(counts!.records).toBeGreaterThanOrEqual(measured.appends * 2);
    expect(counts!.ids).toBe(counts!.records);
    const verified = await store.verify();
    expect(verified).toMatchObject({ ok: true, checkedRecords: counts!.records });
  }, 30_000);

  it('refuses a request that left no record: there would be nothing to measure', async () => {
    await expect(appendAlone(store, [], { connections: 2, seconds: 1, database: databaseProcesses('postgres', PG_URL) })).rejects.toThrow(/no audit record/);
  });
});
