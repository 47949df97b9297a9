import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { canonicalForms, chainHash, GENESIS_HASH, hashOf, type AuditEvent, type AuditEventDraft, type AuditOutcome } from '../audit-event';
import type { AuditDatabase, Query, Statement } from './audit-database';
import { auditTables, ensureAuditSchema, type AuditTables } from './audit-schema';
import { ALIGNED_WINDOW_SQL, NEWEST_FIRST_PROBE, NEWEST_FIRST_SQL, SUBJECT_WINDOW, subjectColumns, subjectJoin, subjectPurge, subjectRows, windowOf, type SubjectLayout } from './subject-index';

/**
 * The durable, append-only, hash-chained audit store.
 *
 * Appends serialize through the database (the chain head row is locked in each append's
 * transaction), never through process memory, so several gateway replicas writing to one store
 * still form one linear chain. Each record carries hash = SHA-256(canonical record ‖ prevHash)
 * and a seal = HMAC-SHA-256(secret, hash): anyone can recompute the chain, but only the gateway
 * can seal a record, so a row forged with a recomputed hash is still detected.
 */

export interface AuditSearch {
  actor?: string | null;
  /** a patient id or an entity id */
  subject?: string | null;
  entityType?: string | null;
  outcome?: AuditOutcome | null;
  operationName?: string | null;
  from?: string | null;
  to?: string | null;
  /** events with a sequence number below this (paging backwards from the newest) */
  beforeSeq?: number | null;
}

export interface IntegrityReport {
  ok: boolean;
  checkedRecords: number;
  firstBrokenSeq: number | null;
  firstBrokenId: string | null;
  problem: string | null;
  anchorSeq: number | null;
}

interface EventRow {
  seq: number | string;
  id: string;
  record: string;
  prev_hash: string;
  hash: string;
  seal: string;
  at: string;
}

const INSERT_CHUNK = 200;

const text = (name: string) => ({ name, pgType: 'text' });
const SUBJECT_WINDOW_EVENT_COLUMN = { name: 'subject_window', pgType: 'bigint' };
const EVENT_COLUMNS = [{ name: 'seq', pgType: 'bigint' }, ...['id', 'at', 'request_id', 'actor_id', 'action', 'entity_type', 'outcome', 'operation_name', 'record', 'prev_hash', 'hash', 'seal'].map(text)];
export class AuditStore {
  readonly tables: AuditTables;

  /** the seal secret as a key object: HMAC with it skips preparing the key for every record */
  private readonly sealKey: KeyObject;

  constructor(
    readonly db: AuditDatabase,
    secret: string,
    private readonly schema?: string,
  ) {
    this.tables = auditTables(db.dialect, schema);
    this.sealKey = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  private initialized = false;

  private layout: SubjectLayout = 'shared';

  /** put before a search by subject: MariaDB's preference for the newest events (subject-index.ts) */
  private searchPrefix = '';

  /** how audit_subject is laid out in this store (subject-index.ts); known after init() */
  get subjectLayout(): SubjectLayout {
    return this.layout;
  }

  /** creates the tables if needed; retried by the next operation when the store was down */
  async init(): Promise<void> {
    if (this.initialized) return;
    // An existing store needs no DDL, so the gateway's account needs no right to create tables.
    const exists = await this.db.query(`SELECT seq FROM ${this.tables.head} WHERE id = 1`).then(
      (rows) => rows.length === 1,
      () => false,
    );
    if (!exists) await ensureAuditSchema(this.db, this.tables, this.schema);
    this.layout = await this.db.query(`SELECT s.members, e.subject_window FROM ${this.tables.subject} s, ${this.tables.event} e WHERE 1 = 0`).then(
      () => 'shared' as const,
      (error: Error) => {
        // a store created before the columns; anything else (the store went down) fails init, to be retried
        if (/members|subject_window/i.test(error.message)) return 'per-record' as const;
        throw error;
      },
    );
    if (this.db.dialect === 'mysql') this.searchPrefix = await this.db.query(NEWEST_FIRST_PROBE).then(() => NEWEST_FIRST_SQL, () => '');
    this.initialized = true;
  }

  async ping(): Promise<void> {
    await this.init();
    await this.db.query(`SELECT seq FROM ${this.tables.head} WHERE id = 1`);
  }

  seal(text: string): string {
    return createHmac('sha256', this.sealKey).update(text).digest('hex');
  }

  /** Appends drafts in order, as one transaction; returns them with their place in the chain. */
  async append(drafts: readonly AuditEventDraft[]): Promise<AuditEvent[]> {
    if (drafts.length === 0) return [];
    await this.init();
    const t = this.tables;
    return this.db.lockedWrite<{ seq: number | string; hash: string }, AuditEvent[]>(`SELECT seq, hash FROM ${t.head} WHERE id = 1 FOR UPDATE`, ([head]) => {
      if (!head) throw new Error('the audit store has no chain head (was it initialized?)');
      const layout = this.subjectLayout;
      const first = Number(head.seq) + 1;
      let prevHash = head.hash;
      const eventRows: unknown[][] = [];
      const events = drafts.map((draft, index) => {
        const seq = first + index;
        const { record, hashed } = canonicalForms(draft, seq);
        const hash = hashOf(hashed, prevHash);
        const event: AuditEvent = { ...draft, seq, prevHash, hash };
        const row = [seq, event.id, event.at, event.requestId, event.actor.id, event.action, event.entityType, event.outcome, event.operationName, record, prevHash, hash, this.seal(hash)];
        eventRows.push(layout === 'shared' ? [...row, windowOf(seq, first)] : row);
        prevHash = hash;
        return event;
      });
      const statements = [
        ...this.rowInserts(t.event, layout === 'shared' ? [...EVENT_COLUMNS, SUBJECT_WINDOW_EVENT_COLUMN] : EVENT_COLUMNS, eventRows, INSERT_CHUNK, true),
        ...this.rowInserts(t.subject, subjectColumns(layout), subjectRows(events, layout, first), 1000),
      ];
      statements.push({ sql: `UPDATE ${t.head} SET seq = ?, hash = ? WHERE id = 1`, params: [events.at(-1)!.seq, prevHash] });
      return { statements, result: events };
    });
  }

  /**
   * Rows of an append into one table. PostgreSQL takes the subject index as one array per column
   * through unnest: one statement whatever the number of rows, with the same text every time, so
   * each audit connection keeps it prepared, and thousands of subject rows bind as two parameters
   * instead of thousands. Event rows go as multi-row VALUES instead (`scalar`): a record is JSON
   * full of quotes, and inside an array parameter every quote is escaped and read back by the
   * server's array parser — measured at 3.5 ms of a nested list's 66 KB records, against 0.1 ms as
   * plain parameters. MySQL takes multi-row VALUES in chunks of `chunk` rows.
   */
  private rowInserts(table: string, columns: readonly { name: string; pgType: string }[], rows: readonly (readonly unknown[])[], chunk: number, scalar = false): Statement[] {
    if (rows.length === 0) return [];
    const names = columns.map((column) => column.name).join(', ');
    if (this.db.dialect === 'postgres' && !scalar) {
      const arrays = columns.map((_, index) => rows.map((row) => row[index]));
      return [{ sql: `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${columns.map((column) => `?::${column.pgType}[]`).join(', ')})`, params: arrays }];
    }
    const placeholders = `(${columns.map(() => '?').join(', ')})`;
    const statements: Statement[] = [];
    for (let start = 0; start < rows.length; start += chunk) {
      const part = rows.slice(start, start + chunk);
      statements.push({ sql: `INSERT INTO ${table} (${names}) VALUES ${part.map(() => placeholders).join(', ')}`, params: part.flat() });
    }
    return statements;
  }

  /** newest first */
  async search(filter: AuditSearch, limit: number): Promise<AuditEvent[]> {
    await this.init();
    const { from, where, params } = this.conditions(filter);
    const rows = await this.db.query<EventRow>(
      `${filter.subject ? this.searchPrefix : ''}SELECT e.seq, e.id, e.record, e.prev_hash, e.hash, e.seal, e.at FROM ${from} ${where} ORDER BY e.seq DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
      params,
    );
    return rows.map(eventOf);
  }

  async count(filter: AuditSearch): Promise<number> {
    await this.init();
    const { from, where, params } = this.conditions({ ...filter, beforeSeq: null });
    const [row] = await this.db.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${from} ${where}`, params);
    return Number(row?.n ?? 0);
  }

  /**
   * The events a search reads (`e`) and its conditions. A search by subject starts from the
   * subject's rows; each names an event at most once, since a subject has one row per window.
   */
  private conditions(filter: AuditSearch): { from: string; where: string; params: unknown[] } {
    const t = this.tables;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, ...values: unknown[]) => {
      where.push(condition);
      params.push(...values);
    };
    if (filter.subject) add('s.subject_id = ?', filter.subject);
    if (filter.actor) add('e.actor_id = ?', filter.actor);
    if (filter.entityType) add('e.entity_type = ?', filter.entityType);
    if (filter.outcome) add('e.outcome = ?', filter.outcome);
    if (filter.operationName) add('e.operation_name = ?', filter.operationName);
    if (filter.from) add('e.at >= ?', filter.from);
    if (filter.to) add('e.at <= ?', filter.to);
    if (filter.beforeSeq) add('e.seq < ?', filter.beforeSeq);
    const from = filter.subject ? `${t.subject} s JOIN ${t.event} e ON ${subjectJoin(this.db.dialect, this.subjectLayout)}` : `${t.event} e`;
    return { from, where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
  }

  /**
   * Verifies the chain: every record's hash and seal, every link to the previous record, no gap
   * in the sequence, the head, and the signed anchor left by retention. Names the first broken
   * record. With a time range, checks the records in it and their link to the one before.
   */
  async verify(range: { from?: string | null; to?: string | null } = {}): Promise<IntegrityReport> {
    await this.init();
    const t = this.tables;
    const [anchor] = await this.db.query<{ seq: number | string; hash: string; signature: string }>(`SELECT seq, hash, signature FROM ${t.anchor} ORDER BY seq DESC LIMIT 1`);
    const report = (checked: number, broken?: { seq: number; id: string | null; problem: string }): IntegrityReport => ({
      ok: !broken,
      checkedRecords: checked,
      firstBrokenSeq: broken?.seq ?? null,
      firstBrokenId: broken?.id ?? null,
      problem: broken?.problem ?? null,
      anchorSeq: anchor ? Number(anchor.seq) : null,
    });
    if (anchor && !this.equal(anchor.signature, this.seal(`anchor:${Number(anchor.seq)}:${anchor.hash}`))) {
      return report(0, { seq: Number(anchor.seq), id: null, problem: 'the retention anchor’s signature is not valid' });
    }
    let previous: { seq: number; hash: string } = anchor ? { seq: Number(anchor.seq), hash: anchor.hash } : { seq: 0, hash: GENESIS_HASH };
    let checked = 0;
    let afterSeq = previous.seq;
    if (range.from) {
      const [before] = await this.db.query<EventRow>(`SELECT seq, hash FROM ${t.event} WHERE at < ? ORDER BY seq DESC LIMIT 1`, [range.from]);
      if (before && Number(before.seq) > afterSeq) {
        previous = { seq: Number(before.seq), hash: before.hash };
        afterSeq = previous.seq;
      }
    }
    for (;;) {
      const rows = await this.db.query<EventRow>(`SELECT seq, id, record, prev_hash, hash, seal, at FROM ${t.event} WHERE seq > ? ORDER BY seq LIMIT 2000`, [afterSeq]);
      if (rows.length === 0) break;
      for (const row of rows) {
        const seq = Number(row.seq);
        if (range.to && row.at > range.to) return this.checkHead(report, checked, previous, false);
        if (seq !== previous.seq + 1) return report(checked, { seq: previous.seq + 1, id: null, problem: `record ${previous.seq + 1} is missing (deleted): the chain jumps from ${previous.seq} to ${seq}` });
        if (row.prev_hash !== previous.hash) return report(checked, { seq, id: row.id, problem: `record ${seq} does not link to record ${previous.seq} (a record was inserted, deleted or changed before it)` });
        let draft: AuditEventDraft;
        try {
          draft = JSON.parse(row.record) as AuditEventDraft;
        } catch {
          return report(checked, { seq, id: row.id, problem: `record ${seq} is not readable` });
        }
        if (chainHash(draft, seq, row.prev_hash) !== row.hash || draft.id !== row.id || draft.at !== row.at) {
          return report(checked, { seq, id: row.id, problem: `record ${seq} was modified: its content does not match its hash` });
        }
        if (!this.equal(row.seal, this.seal(row.hash))) return report(checked, { seq, id: row.id, problem: `record ${seq} is not sealed by this gateway (inserted from outside)` });
        previous = { seq, hash: row.hash };
        afterSeq = seq;
        checked += 1;
      }
    }
    return this.checkHead(report, checked, previous, !range.to);
  }

  private async checkHead(report: (checked: number, broken?: { seq: number; id: string | null; problem: string }) => IntegrityReport, checked: number, last: { seq: number; hash: string }, complete: boolean) {
    if (!complete) return report(checked);
    const [head] = await this.db.query<{ seq: number | string; hash: string }>(`SELECT seq, hash FROM ${this.tables.head} WHERE id = 1`);
    if (head && (Number(head.seq) !== last.seq || head.hash !== last.hash)) {
      return report(checked, { seq: last.seq + 1, id: null, problem: `the chain ends at record ${last.seq}, but ${Number(head.seq)} were written: the last records were deleted` });
    }
    return report(checked);
  }

  /**
   * Retention: deletes the records older than `before`, oldest first, and leaves a signed anchor
   * (the last purged record's number and hash) so that the remaining chain stays verifiable.
   */
  async purge(cutoff: string): Promise<{ purged: number; anchorSeq: number | null }> {
    await this.init();
    const t = this.tables;
    return this.db.transaction(async (query: Query) => {
      const [last] = await query<{ seq: number | string; hash: string }>(`SELECT seq, hash FROM ${t.event} WHERE at < ? ORDER BY seq DESC LIMIT 1`, [cutoff]);
      if (!last) return { purged: 0, anchorSeq: null };
      const seq = Number(last.seq);
      await query(`INSERT INTO ${t.anchor} (seq, hash, created_at, signature) VALUES (?, ?, ?, ?)`, [seq, last.hash, new Date().toISOString(), this.seal(`anchor:${seq}:${last.hash}`)]);
      const subjects = subjectPurge(this.db.dialect, this.subjectLayout, t.subject, seq);
      await query(subjects.sql, subjects.params);
      const [count] = await query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${t.event} WHERE seq <= ?`, [seq]);
      await query(`DELETE FROM ${t.event} WHERE seq <= ?`, [seq]);
      return { purged: Number(count?.n ?? 0), anchorSeq: seq };
    });
  }

  /**
   * Moves a store created before the shared subject layout to it (subject-index.ts): adds the
   * event table's window column and its index, then, holding the chain head so that no append
   * interleaves, rebuilds the subject index from the records themselves — it is derived from them,
   * so an interrupted run is simply run again. Under an account that may alter the tables, with
   * the gateway's replicas stopped (README, "Audit trail").
   */
  async migrateSubjectIndex(): Promise<{ migrated: boolean; records: number; rows: number }> {
    await this.init();
    if (this.subjectLayout === 'shared') return { migrated: false, records: 0, rows: 0 };
    const t = this.tables;
    const missing = async (sql: string) => this.db.query(sql).then(() => false, () => true);
    if (await missing(`SELECT subject_window FROM ${t.event} WHERE 1 = 0`)) {
      await this.db.query(`ALTER TABLE ${t.event} ADD COLUMN subject_window BIGINT`);
      await this.db.query(`CREATE INDEX audit_event_subject_window ON ${t.event} (subject_window)`);
    }
    if (await missing(`SELECT members FROM ${t.subject} WHERE 1 = 0`)) await this.db.query(`ALTER TABLE ${t.subject} ADD COLUMN members BIGINT NOT NULL DEFAULT 0`);
    const result = await this.db.transaction(async (query: Query) => {
      await query(`SELECT seq FROM ${t.head} WHERE id = 1 FOR UPDATE`);
      await query(`DELETE FROM ${t.subject}`);
      await query(`UPDATE ${t.event} SET subject_window = ${ALIGNED_WINDOW_SQL}`);
      const [range] = await query<{ first: number | string | null; last: number | string | null }>(`SELECT MIN(seq) AS first, MAX(seq) AS last FROM ${t.event}`);
      let records = 0;
      let rows = 0;
      // whole windows at a time, so that each window's rows are built from all its records
      const span = SUBJECT_WINDOW * 32;
      for (let from = windowOf(Number(range?.first ?? 1), 1); range?.last != null && from <= Number(range.last); from += span) {
        const batch = await query<{ seq: number | string; record: string }>(`SELECT seq, record FROM ${t.event} WHERE seq >= ? AND seq < ? ORDER BY seq`, [from, from + span]);
        const events = batch.map((row) => ({ ...(JSON.parse(row.record) as AuditEventDraft), seq: Number(row.seq) }) as AuditEvent);
        const subjects = subjectRows(events, 'shared', 1);
        for (const statement of this.rowInserts(t.subject, subjectColumns('shared'), subjects, 1000)) await query(statement.sql, statement.params);
        records += events.length;
        rows += subjects.length;
      }
      return { migrated: true, records, rows };
    });
    this.layout = 'shared';
    return result;
  }

  private equal(a: string, b: string): boolean {
    return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  }
}

function eventOf(row: EventRow): AuditEvent {
  const draft = JSON.parse(row.record) as AuditEventDraft;
  return { ...draft, seq: Number(row.seq), prevHash: row.prev_hash, hash: row.hash };
}
