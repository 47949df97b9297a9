import { randomUUID } from 'node:crypto';
import { chainHash, type AuditEventDraft } from '../../src/audit/audit-event';
import { AuditWriter } from '../../src/audit/audit-writer';
import { AuditStore } from '../../src/audit/store/audit-store';
import { freshAuditDatabase, type AuditEngine, type FreshAuditDatabase } from '../support/audit-databases';
import { engineStatus } from '../support/test-env';

/**
 * The audit store on every engine: a linear chain under concurrent group commits from two
 * gateway replicas, and each kind of tampering detected, named at its first broken record.
 */
const SECRET = 'audit-seal-secret-for-tests-32-bytes!!';

function draft(i: number, at = new Date().toISOString()): AuditEventDraft {
  return {
    id: randomUUID(),
    at,
    requestId: `req-${i}`,
    actor: { id: `doc-${i % 7}`, name: '医生', roles: ['clinician'], departments: ['CARD'], ip: '10.0.0.1', userAgent: 'jest' },
    action: 'READ',
    operationName: 'Probe',
    operationHash: 'a'.repeat(64),
    entityType: 'Patient',
    entityIds: [`BR${String(i).padStart(8, '0')}`],
    patientIds: [`BR${String(i).padStart(8, '0')}`],
    fields: ['name', 'phone'],
    outcome: i % 5 === 0 ? 'MASKED' : 'ALLOWED',
    purpose: null,
    filter: null,
  };
}

/** a patient read that names these patients (as entities and as patients) */
function naming(i: number, patients: string[], at?: string): AuditEventDraft {
  return { ...draft(i, at), entityIds: patients, patientIds: patients };
}

const engines: AuditEngine[] = ['embedded', 'postgres', 'mysql'];

for (const engine of engines) {
  const status = engine === 'embedded' ? { available: true, reason: '' } : engineStatus(engine);
  const describeIf = status.available ? describe : describe.skip;
  if (!status.available) console.warn(`skipped "audit store on ${engine}": ${status.reason}`);

  describeIf(`audit store on ${engine}`, () => {
    let fresh: FreshAuditDatabase;
    let replicas: { store: AuditStore; writer: AuditWriter; close: () => Promise<void> }[];

    beforeEach(async () => {
      fresh = await freshAuditDatabase(engine, `gwtest_audit_${process.pid}`);
      replicas = [];
      for (let n = 0; n < 2; n++) {
        const db = fresh.open();
        const store = new AuditStore(db, SECRET, engine === 'mysql' ? undefined : fresh.schema);
        await store.init();
        replicas.push({ store, writer: new AuditWriter(store), close: () => db.close() });
      }
    });

    afterEach(async () => {
      for (const replica of replicas) await replica.close();
      await fresh.close();
    });

    it('keeps one linear chain when two replicas group-commit concurrent requests', async () => {
      const requests = Array.from({ length: 120 }, (_, i) => replicas[i % 2]!.writer.append([draft(i), draft(1000 + i)]));
      const committed = (await Promise.all(requests)).flat();
      expect(committed).toHaveLength(240);
      expect(new Set(committed.map((e) => e.seq)).size).toBe(240);
      expect(replicas[0]!.writer.statistics.commits + replicas[1]!.writer.statistics.commits).toBeLessThan(120); // grouped
      const report = await replicas[0]!.store.verify();
      expect(report).toMatchObject({ ok: true, checkedRecords: 240, firstBrokenSeq: null });
      const newest = await replicas[1]!.store.search({}, 5);
      expect(newest.map((e) => e.seq)).toEqual([240, 239, 238, 237, 236]);
      expect(await replicas[1]!.store.count({ subject: 'BR00000007' })).toBe(1);
    });

    it('leaves no trace of an append whose write fails, and the chain goes on after it', async () => {
      await replicas[0]!.writer.append([draft(1)]);
      // a row squatting on the next sequence number: the append's event INSERT collides with it
      await fresh.admin(`INSERT INTO ${fresh.table('audit_event')} (seq, id, at, request_id, actor_id, action, entity_type, outcome, operation_name, record, prev_hash, hash, seal) VALUES (2, 'x', 'x', 'x', 'x', 'READ', 'Patient', 'ALLOWED', NULL, '{}', 'x', 'x', 'x')`);
      await expect(replicas[1]!.writer.append([draft(2), draft(3)])).rejects.toThrow();
      expect(await replicas[0]!.store.count({ subject: 'BR00000003' })).toBe(0); // its subject rows rolled back too
      await fresh.admin(`DELETE FROM ${fresh.table('audit_event')} WHERE seq = 2`);
      const [next] = await replicas[1]!.writer.append([draft(4)]);
      expect(next!.seq).toBe(2); // the head did not move
      expect(await replicas[0]!.store.verify()).toMatchObject({ ok: true, checkedRecords: 2 });
      expect(await replicas[0]!.store.count({ subject: 'BR00000004' })).toBe(1);
    });

    it('keeps a record naming thousands of entities (one request reading a long list) and verifies it', async () => {
      const ids = Array.from({ length: 6_000 }, (_, i) => `BR${String(i).padStart(8, '0')}`);
      const [event] = await replicas[0]!.writer.append([{ ...draft(1), entityIds: ids, patientIds: ids }]);
      expect(event!.seq).toBe(1);
      expect(await replicas[0]!.store.verify()).toMatchObject({ ok: true, checkedRecords: 1 });
      expect(await replicas[1]!.store.count({ subject: 'BR00005999' })).toBe(1);
    });

    it('detects a modified, a deleted and an inserted record, naming the first broken one', async () => {
      const { store } = replicas[0]!;
      for (let i = 0; i < 10; i++) await store.append([draft(i)]);
      const event = fresh.table('audit_event');

      await fresh.admin(`UPDATE ${event} SET record = REPLACE(record, 'BR00000004', 'BR00000099') WHERE seq = 5`);
      expect(await store.verify()).toMatchObject({ ok: false, firstBrokenSeq: 5, problem: expect.stringContaining('modified') });
      await fresh.admin(`UPDATE ${event} SET record = REPLACE(record, 'BR00000099', 'BR00000004') WHERE seq = 5`);
      expect((await store.verify()).ok).toBe(true);

      const [row] = (await fresh.admin(`SELECT seq, id, at, request_id, actor_id, action, entity_type, outcome, operation_name, record, prev_hash, hash, seal FROM ${event} WHERE seq = 7`)) as Record<string, unknown>[];
      await fresh.admin(`DELETE FROM ${event} WHERE seq = 7`);
      expect(await store.verify()).toMatchObject({ ok: false, firstBrokenSeq: 7, problem: expect.stringContaining('missing') });
      const columns = Object.keys(row!);
      const insert = (values: Record<string, unknown>) =>
        fresh.admin(`INSERT INTO ${event} (${columns.join(', ')}) VALUES (${columns.map((_, i) => (engine === 'mysql' ? '?' : `$${i + 1}`)).join(', ')})`, columns.map((c) => values[c]));
      await insert(row!);
      expect((await store.verify()).ok).toBe(true);

      // an inserted record with a correctly recomputed SHA-256 chain still lacks the gateway's seal
      const forged: Record<string, unknown> = { ...row!, seq: 11, id: randomUUID(), prev_hash: (await store.search({}, 1))[0]!.hash };
      const parsed = JSON.parse(String(row!.record));
      forged.record = JSON.stringify({ ...parsed, id: forged.id });
      forged.hash = chainHash({ ...parsed, id: forged.id }, 11, String(forged.prev_hash));
      await insert(forged);
      expect(await store.verify()).toMatchObject({ ok: false, firstBrokenSeq: 11, problem: expect.stringContaining('not sealed') });
      await fresh.admin(`DELETE FROM ${event} WHERE seq = 11`);

      await fresh.admin(`DELETE FROM ${event} WHERE seq = 10`);
      expect(await store.verify()).toMatchObject({ ok: false, problem: expect.stringContaining('last records were deleted') });
    });

    it('finds exactly the records naming a subject when one append names overlapping sets across several index windows', async () => {
      const { store } = replicas[0]!;
      // 150 records in one append span three windows of the subject index (63, 63, 24 records)
      const patients = Array.from({ length: 9 }, (_, i) => `P${i}`);
      const named = (i: number) => patients.filter((_, p) => (i * 7 + p * 3) % (p + 2) === 0 || (i + p) % 11 === 0);
      const drafts = Array.from({ length: 150 }, (_, i) => ({ ...draft(i), entityType: i % 4 === 0 ? 'Encounter' : 'LabResult', entityIds: [`E${i}`], patientIds: named(i) }));
      await store.append(drafts);
      await store.append([{ ...draft(150), patientIds: ['P0', 'P8'] }]);
      const expected = (subject: string) => [...drafts.map((d, i) => (d.patientIds.includes(subject) ? i + 1 : 0)), subject === 'P0' || subject === 'P8' ? 151 : 0].filter(Boolean).reverse();
      for (const subject of patients) {
        const want = expected(subject);
        expect(want.length).toBeGreaterThan(0);
        expect((await store.search({ subject }, 1_000)).map((e) => e.seq)).toEqual(want);
        expect(await store.count({ subject })).toBe(want.length);
        // paging backwards from the newest, as the review page does
        const page = await store.search({ subject, beforeSeq: want[2] }, 3);
        expect(page.map((e) => e.seq)).toEqual(want.slice(3, 6));
      }
      // an entity id is searchable where its type is (Encounter), and not where it is a row of one (LabResult)
      expect((await store.search({ subject: 'E64' }, 10)).map((e) => e.seq)).toEqual([65]);
      expect(await store.count({ subject: 'E65' })).toBe(0);
      // with another condition on the event
      const byActor = (await store.search({ subject: 'P1', actor: 'doc-3' }, 1_000)).map((e) => e.seq);
      expect(byActor).toEqual(expected('P1').filter((seq) => (seq - 1) % 7 === 3));
      expect(await store.count({ subject: 'P1', entityType: 'Encounter' })).toBe(expected('P1').filter((seq) => (seq - 1) % 4 === 0).length);
    });

    it('writes one subject row per patient, not per record, when a request’s records name the same patients', async () => {
      const ids = Array.from({ length: 825 }, (_, i) => `BR${String(i).padStart(8, '0')}`);
      // the nested list's Patient and LabResult records name the same patients
      await replicas[0]!.writer.append([
        { ...draft(1), entityIds: ids, patientIds: ids },
        { ...draft(2), entityType: 'LabResult', entityIds: ids.map((id) => `${id}-L`), patientIds: ids },
      ]);
      const [{ n }] = (await fresh.admin(`SELECT COUNT(*) AS n FROM ${fresh.table('audit_subject')}`)) as { n: number | string }[];
      expect(Number(n)).toBe(825);
      expect((await replicas[1]!.store.search({ subject: 'BR00000824' }, 10)).map((e) => e.seq)).toEqual([2, 1]);
    });

    it('purges the subject rows of purged records, and keeps a row that still names a kept record', async () => {
      const { store } = replicas[0]!;
      const old = new Date(Date.now() - 200 * 86_400_000).toISOString();
      // one append: five old records, then three recent ones; all name P-KEPT, only the old ones P-GONE
      await store.append([
        ...Array.from({ length: 5 }, (_, i) => naming(i, ['P-KEPT', 'P-GONE'], old)),
        ...Array.from({ length: 3 }, (_, i) => naming(5 + i, ['P-KEPT'])),
      ]);
      expect(await store.purge(new Date(Date.now() - 180 * 86_400_000).toISOString())).toEqual({ purged: 5, anchorSeq: 5 });
      expect((await store.search({ subject: 'P-KEPT' }, 10)).map((e) => e.seq)).toEqual([8, 7, 6]);
      const left = (await fresh.admin(`SELECT subject_id FROM ${fresh.table('audit_subject')} ORDER BY subject_id`)) as { subject_id: string }[];
      expect(left.map((row) => row.subject_id)).toEqual(['P-KEPT']); // no patient id of purged records only
      expect(await store.verify()).toMatchObject({ ok: true, checkedRecords: 3, anchorSeq: 5 });
    });

    it('reads and writes a store created before the shared subject layout, and migrates it to that layout', async () => {
      const subject = fresh.table('audit_subject');
      // the layout of stores created before: one row per subject and record, no window column
      await fresh.admin(`DROP TABLE ${subject}`);
      await fresh.admin(`CREATE TABLE ${subject} (subject_id VARCHAR(128) NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (subject_id, seq))`);
      await fresh.admin(`ALTER TABLE ${fresh.table('audit_event')} DROP COLUMN subject_window`);
      const open = (n: number) => new AuditStore(replicas[n]!.store.db, SECRET, engine === 'mysql' ? undefined : fresh.schema);
      const legacy = open(0);
      await legacy.init();
      expect(legacy.subjectLayout).toBe('per-record');
      // 70 records: two windows once migrated; BR00000001 in both
      const namesIt = (seq: number) => seq % 3 === 1 || seq === 69;
      await legacy.append(Array.from({ length: 70 }, (_, i) => naming(i + 1, namesIt(i + 1) ? ['BR00000001', `BR${i}`] : [`BR${i}`])));
      const before = (await legacy.search({ subject: 'BR00000001' }, 100)).map((e) => e.seq);
      expect(before).toEqual(Array.from({ length: 70 }, (_, i) => 70 - i).filter(namesIt));
      const count = async () => Number(((await fresh.admin(`SELECT COUNT(*) AS n FROM ${subject}`)) as { n: number | string }[])[0]!.n);
      expect(await count()).toBe(70 + before.length);

      const migrating = open(1);
      expect(await migrating.migrateSubjectIndex()).toEqual({ migrated: true, records: 70, rows: 70 + 2 });
      expect(migrating.subjectLayout).toBe('shared');
      expect(await count()).toBe(72); // BR00000001 once per window
      expect(await migrating.migrateSubjectIndex()).toEqual({ migrated: false, records: 0, rows: 0 });
      const migrated = open(0);
      await migrated.init();
      expect(migrated.subjectLayout).toBe('shared');
      expect((await migrated.search({ subject: 'BR00000001' }, 100)).map((e) => e.seq)).toEqual(before);
      await migrated.append([naming(71, ['BR00000001']), draft(72)]);
      expect((await migrated.search({ subject: 'BR00000001' }, 100)).map((e) => e.seq)).toEqual([71, ...before]);
      expect((await migrated.search({ subject: 'BR3' }, 10)).map((e) => e.seq)).toEqual([4]);
      expect(await migrated.verify()).toMatchObject({ ok: true, checkedRecords: 72 });
    });

    it('purges by retention and keeps the rest verifiable through a signed anchor', async () => {
      const { store } = replicas[0]!;
      const old = new Date(Date.now() - 200 * 86_400_000).toISOString();
      for (let i = 0; i < 6; i++) await store.append([draft(i, old)]);
      for (let i = 6; i < 10; i++) await store.append([draft(i)]);
      const cutoff = new Date(Date.now() - 180 * 86_400_000).toISOString();
      expect(await store.purge(cutoff)).toEqual({ purged: 6, anchorSeq: 6 });
      expect(await store.verify()).toMatchObject({ ok: true, checkedRecords: 4, anchorSeq: 6 });
      await fresh.admin(`UPDATE ${fresh.table('audit_anchor')} SET hash = '${'f'.repeat(64)}'`);
      expect(await store.verify()).toMatchObject({ ok: false, problem: expect.stringContaining('anchor') });
    });
  });
}

