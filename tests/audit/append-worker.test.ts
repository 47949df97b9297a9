import pg from 'pg';
import type { Worker } from 'node:worker_threads';
import { AuditWriter } from '../../src/audit/audit-writer';
import { AppendThreadError, WorkerAppender } from '../../src/audit/store/append-worker';
import { AuditStore } from '../../src/audit/store/audit-store';
import { freshAuditDatabase, type FreshAuditDatabase } from '../support/audit-databases';
import { draft } from '../support/audit-drafts';
import { engineStatus, PG_URL } from '../support/test-env';

/**
 * Group commits in a worker thread (src/audit/store/append-worker.ts): the chain they form is
 * the one the store forms in the gateway's own thread, each append resolves only once committed,
 * and a thread that dies or cannot reach the store fails its appends instead of losing them
 * silently.
 */
const SECRET = 'audit-seal-secret-for-tests-32-bytes!!';

for (const engine of ['postgres', 'mysql'] as const) {
  const status = engineStatus(engine);
  const describeIf = status.available ? describe : describe.skip;
  if (!status.available) console.warn(`skipped "audit appends in a worker thread on ${engine}": ${status.reason}`);

  describeIf(`audit appends in a worker thread on ${engine}`, () => {
    let fresh: FreshAuditDatabase;
    let store: AuditStore;
    let closeStore: () => Promise<void>;
    let appender: WorkerAppender;

    beforeEach(async () => {
      fresh = await freshAuditDatabase(engine, `gwtest_audit_worker_${process.pid}`);
      const db = fresh.open();
      store = new AuditStore(db, SECRET, fresh.schema);
      await store.init();
      closeStore = () => db.close();
      appender = new WorkerAppender({ engine, url: fresh.url!, poolSize: 2, statementTimeoutMs: 5_000, sealSecret: SECRET, schema: fresh.schema });
      expect(await appender.warmUp()).toBeNull();
    });

    afterEach(async () => {
      await appender.close();
      await closeStore();
      await fresh.close();
    });

    it('forms one verifiable chain from concurrent group commits, with the places the store gave', async () => {
      const writer = new AuditWriter(appender);
      const committed = (await Promise.all(Array.from({ length: 60 }, (_, i) => writer.append([draft(i), draft(1000 + i)])))).flat();
      expect(committed).toHaveLength(120);
      expect(writer.statistics.commits).toBeLessThan(60); // grouped
      expect(committed.map((event) => event.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      expect(await store.verify()).toMatchObject({ ok: true, checkedRecords: 120, firstBrokenSeq: null });
      // what each append resolved to is what the store keeps: the draft with its place and hashes
      const stored = new Map((await store.search({}, 200)).map((event) => [event.seq, event]));
      for (const event of committed) expect(stored.get(event.seq)).toEqual(event);
    });

    it('rejects an append the store refuses with the store’s reason, and goes on after it', async () => {
      await appender.append([draft(1)]);
      await fresh.admin(`INSERT INTO ${fresh.table('audit_event')} (seq, id, at, request_id, actor_id, action, entity_type, outcome, operation_name, record, prev_hash, hash, seal) VALUES (2, 'x', 'x', 'x', 'x', 'READ', 'Patient', 'ALLOWED', NULL, '{}', 'x', 'x', 'x')`);
      await expect(appender.append([draft(2)])).rejects.toThrow(/duplicate|unique/i);
      await fresh.admin(`DELETE FROM ${fresh.table('audit_event')} WHERE seq = 2`);
      const [next] = await appender.append([draft(3)]);
      expect(next!.seq).toBe(2);
      expect(await store.verify()).toMatchObject({ ok: true, checkedRecords: 2 });
    });

    it('refuses appends once closed, and lets the process exit (the thread is gone)', async () => {
      await appender.append([draft(1)]);
      const thread = (appender as unknown as { worker: Worker }).worker;
      const exited = new Promise((resolve) => thread.once('exit', resolve));
      await appender.close();
      await exited;
      await expect(appender.append([draft(2)])).rejects.toThrow(AppendThreadError);
      expect(await store.verify()).toMatchObject({ ok: true, checkedRecords: 1 });
    });
  });
}

const postgres = engineStatus('postgres');
(postgres.available ? describe : describe.skip)('an audit append thread that dies or cannot connect', () => {
  let fresh: FreshAuditDatabase;

  beforeEach(async () => {
    fresh = await freshAuditDatabase('postgres', `gwtest_audit_worker_die_${process.pid}`);
  });
  afterEach(() => fresh.close());

  it('fails the appends it held, and the next append starts a thread that continues the chain', async () => {
    const db = fresh.open();
    const store = new AuditStore(db, SECRET, fresh.schema);
    await store.init();
    const appender = new WorkerAppender({ engine: 'postgres', url: PG_URL, poolSize: 2, statementTimeoutMs: 5_000, sealSecret: SECRET, schema: fresh.schema });
    await appender.warmUp();
    await appender.append([draft(1)]);
    // the chain head locked by another session: the next append waits inside the thread
    const holder = new pg.Client({ connectionString: PG_URL });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT seq FROM ${fresh.table('audit_chain_head')} WHERE id = 1 FOR UPDATE`);
    const held = appender.append([draft(2)]);
    await waitForLockWaiter(holder);
    // the thread dies as it would from an uncaught error or running out of memory
    await (appender as unknown as { worker: Worker }).worker.terminate();
    await expect(held).rejects.toThrow(AppendThreadError);
    await expect(held).rejects.toThrow(/append thread stopped/);
    await holder.query('COMMIT');
    await holder.end();

    const [next] = await appender.append([draft(3)]);
    expect(next!.seq).toBe(2); // the dead thread's append left nothing
    expect(await store.verify()).toMatchObject({ ok: true, checkedRecords: 2 });
    await appender.close();
    await db.close();
  });

  it('says why when the store cannot be reached, and fails appends with the connection error', async () => {
    const appender = new WorkerAppender({ engine: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none', poolSize: 1, statementTimeoutMs: 2_000, sealSecret: SECRET, schema: 'audit' });
    expect(await appender.warmUp()).toMatch(/ECONNREFUSED/);
    await expect(appender.append([draft(1)])).rejects.toThrow(/ECONNREFUSED/);
    await appender.close();
  });
});

/** until a session waits for a lock that `holder` holds */
async function waitForLockWaiter(holder: pg.Client): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    const { rows } = await holder.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name = 'hospital-gateway-audit'`);
    if (rows[0].waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no audit append waited for the chain head');
}
