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

