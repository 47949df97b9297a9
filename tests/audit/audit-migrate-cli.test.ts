import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuditEventDraft } from '../../src/audit/audit-event';
import { AuditStore } from '../../src/audit/store/audit-store';
import { runAuditMigrate } from '../../src/cli/audit-migrate';
import { PROJECT_ROOT } from '../../src/paths';
import { freshAuditDatabase, type FreshAuditDatabase } from '../support/audit-databases';
import { describeWithEngine, PG_URL } from '../support/test-env';

/**
 * `npm run audit:migrate` on a PostgreSQL store of the layout before the shared subject index:
 * the command as an operator runs it, from a configuration file and a maintenance URL.
 */
const SECRET = 'audit-seal-secret-for-tests-32-bytes!!';

describeWithEngine('postgres', 'npm run audit:migrate', () => {
  let fresh: FreshAuditDatabase;
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-migrate-'));
  const placeholders = ['AUDIT_DB_PASSWORD', 'FIN_DB_PASSWORD', 'HIS_DB_PASSWORD', 'LIS_DB_PASSWORD', 'OTEL_TOKEN', 'PACS_DB_PASSWORD'];
  const saved = { ...process.env };

  beforeAll(async () => {
    fresh = await freshAuditDatabase('postgres', `gwtest_migrate_${process.pid}`);
    for (const name of placeholders) process.env[name] = 'unused';
    process.env.AUDIT_SEAL_SECRET = SECRET;
    process.env.PSEUDONYM_SECRET = 'pseudonym-secret-for-tests-32-bytes!!';
  });

  afterAll(async () => {
    process.env = saved;
    await fresh.close();
  });

  /** the example configuration with its audit store pointed at the test's schema */
  function configFile(): string {
    const example = readFileSync(path.join(PROJECT_ROOT, 'gateway.config.example.yaml'), 'utf8');
    const file = path.join(dir, 'gateway.config.yaml');
    writeFileSync(file, example.replace(/^  url: postgres:.*$/m, `  url: ${PG_URL}`).replace(/^  schema: audit$/m, `  schema: ${fresh.schema}`));
    return file;
  }

  it('rebuilds the index of an old store, keeps every search answer, and leaves a migrated store alone', async () => {
    const db = fresh.open();
    try {
      const store = new AuditStore(db, SECRET, fresh.schema);
      await store.init();
      // the layout of stores created before 2026-12-07
      await fresh.admin(`DROP TABLE ${fresh.table('audit_subject')}`);
      await fresh.admin(`CREATE TABLE ${fresh.table('audit_subject')} (subject_id VARCHAR(128) NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (subject_id, seq))`);
      await fresh.admin(`ALTER TABLE ${fresh.table('audit_event')} DROP COLUMN subject_window`);
      const legacy = new AuditStore(db, SECRET, fresh.schema);
      await legacy.init();
      expect(legacy.subjectLayout).toBe('per-record');
      const actor = { id: 'doc', name: null, roles: ['clinician'], departments: ['CARD'], ip: null, userAgent: null };
      const read = (request: number, entityType: string, patients: string[]): AuditEventDraft => ({
        id: randomUUID(), at: new Date().toISOString(), requestId: `req-${request}`, actor, action: 'READ', operationName: 'List', operationHash: null,
        entityType, entityIds: patients, patientIds: patients, fields: ['name'], outcome: 'ALLOWED', purpose: null, filter: null,
      });
      // 40 requests, each a Patient and a LabResult record naming the same 30 patients
      for (let request = 0; request < 40; request++) {
        const patients = Array.from({ length: 30 }, (_, i) => `BR${(request * 11 + i) % 200}`);
        await legacy.append([read(request, 'Patient', patients), read(request, 'LabResult', patients)]);
      }
      const answers = async (s: AuditStore) => Promise.all(['BR0', 'BR57', 'BR199'].map(async (subject) => [(await s.search({ subject }, 500)).map((e) => e.seq), await s.count({ subject })]));
      const before = await answers(legacy);
      const rows = async () => Number(((await fresh.admin(`SELECT COUNT(*) AS n FROM ${fresh.table('audit_subject')}`)) as { n: string }[])[0]!.n);
      expect(await rows()).toBe(2 * 40 * 30);

      let output = '';
      expect(await runAuditMigrate(['--config', configFile(), '--url', PG_URL], (text) => (output += text))).toBe(0);
      expect(output).toMatch(/^rebuilt the subject index of 80 records as \d+ rows; chain verifies\n$/);
      const migratedRows = await rows();
      expect(Number(output.match(/as (\d+) rows/)![1])).toBe(migratedRows);
      expect(migratedRows).toBeLessThan(2 * 40 * 30 / 2 + 200); // a request's two records share their rows

      const migrated = new AuditStore(db, SECRET, fresh.schema);
      await migrated.init();
      expect(migrated.subjectLayout).toBe('shared');
      expect(await answers(migrated)).toEqual(before);

      output = '';
      expect(await runAuditMigrate(['--config', configFile(), '--url', PG_URL], (text) => (output += text))).toBe(0);
      expect(output).toBe('the audit store already has the shared subject index; nothing to do\n');
    } finally {
      await db.close();
    }
  });

  it('prints its usage without a configuration, and names the account it could not connect as', async () => {
    let output = '';
    expect(await runAuditMigrate([], (text) => (output += text))).toBe(2);
    expect(output).toContain('usage: npm run -s audit:migrate');
    const url = new URL(PG_URL);
    url.username = 'no_such_maintenance_role';
    await expect(runAuditMigrate(['--config', configFile(), '--url', url.toString()], () => undefined)).rejects.toThrow(/no_such_maintenance_role/);
  });
});
