import { GENESIS_HASH } from '../audit-event';
import type { AuditDatabase } from './audit-database';

/**
 * The audit store's tables. `audit_event` is append-only for the gateway's database user (the
 * README gives the GRANTs); `audit_subject` indexes events by patient and entity id for review;
 * `audit_chain_head` is the one row every append locks, so that appends from any number of
 * gateway replicas form one linear chain; `audit_anchor` keeps the signed link to records purged
 * by retention; `access_request` holds access requests and break-glass grants.
 */
export interface AuditTables {
  event: string;
  subject: string;
  head: string;
  anchor: string;
  accessRequest: string;
}

export function auditTables(dialect: AuditDatabase['dialect'], schema: string | undefined): AuditTables {
  const q = (name: string) => (dialect === 'postgres' && schema ? `"${schema}".${name}` : name);
  return { event: q('audit_event'), subject: q('audit_subject'), head: q('audit_chain_head'), anchor: q('audit_anchor'), accessRequest: q('access_request') };
}

export async function ensureAuditSchema(db: AuditDatabase, tables: AuditTables, schema: string | undefined): Promise<void> {
  const postgres = db.dialect === 'postgres';
  const statements = [
    ...(postgres && schema ? [`CREATE SCHEMA IF NOT EXISTS "${schema}"`] : []),
    `CREATE TABLE IF NOT EXISTS ${tables.event} (
      seq BIGINT PRIMARY KEY, id VARCHAR(36) NOT NULL, at VARCHAR(30) NOT NULL, request_id VARCHAR(64) NOT NULL,
      actor_id VARCHAR(128) NOT NULL, action VARCHAR(16) NOT NULL, entity_type VARCHAR(64) NOT NULL, outcome VARCHAR(8) NOT NULL,
      operation_name VARCHAR(200), record ${postgres ? 'TEXT' : 'LONGTEXT'} NOT NULL, prev_hash CHAR(64) NOT NULL, hash CHAR(64) NOT NULL, seal CHAR(64) NOT NULL,
      subject_window BIGINT
      ${postgres ? '' : ', INDEX audit_event_at (at), INDEX audit_event_actor (actor_id, at), INDEX audit_event_subject_window (subject_window)'})`,
    // seq and members: a window of records and those of it that name the subject (subject-index.ts)
    `CREATE TABLE IF NOT EXISTS ${tables.subject} (subject_id VARCHAR(128) NOT NULL, seq BIGINT NOT NULL, members BIGINT NOT NULL, PRIMARY KEY (subject_id, seq))`,
    `CREATE TABLE IF NOT EXISTS ${tables.head} (id INT PRIMARY KEY, seq BIGINT NOT NULL, hash CHAR(64) NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${tables.anchor} (seq BIGINT PRIMARY KEY, hash CHAR(64) NOT NULL, created_at VARCHAR(30) NOT NULL, signature CHAR(64) NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${tables.accessRequest} (
      id VARCHAR(36) PRIMARY KEY, kind VARCHAR(16) NOT NULL, patient_id VARCHAR(64) NOT NULL, requester_id VARCHAR(128) NOT NULL,
      requester_name VARCHAR(128), reason VARCHAR(1000) NOT NULL, status VARCHAR(16) NOT NULL, created_at VARCHAR(30) NOT NULL,
      decided_by VARCHAR(128), decided_at VARCHAR(30), decision_comment VARCHAR(1000), expires_at VARCHAR(30),
      reviewed_by VARCHAR(128), reviewed_at VARCHAR(30), review_comment VARCHAR(1000))`,
    ...(postgres
      ? [
          `CREATE INDEX IF NOT EXISTS audit_event_at ON ${tables.event} (at)`,
          `CREATE INDEX IF NOT EXISTS audit_event_actor ON ${tables.event} (actor_id, at)`,
          `CREATE INDEX IF NOT EXISTS audit_event_subject_window ON ${tables.event} (subject_window)`,
          `INSERT INTO ${tables.head} (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}') ON CONFLICT (id) DO NOTHING`,
        ]
      : [`INSERT IGNORE INTO ${tables.head} (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}')`]),
  ];
  for (const statement of statements) {
    try {
      await db.query(statement);
    } catch (error) {
      // Two replicas starting together may race on CREATE … IF NOT EXISTS; the loser's object exists.
      if (!/already exists|duplicate/i.test((error as Error).message)) throw error;
    }
  }
  if (postgres) {
    // A record lists every id a request read (a nested list's: 66 KB), and PostgreSQL compresses
    // it before the commit: its default pglz took 4 ms of such a commit where lz4 takes 0.3 ms,
    // for a similar size. PostgreSQL before 14, or built without lz4, keeps pglz.
    await db.query(`ALTER TABLE ${tables.event} ALTER COLUMN record SET COMPRESSION lz4`).catch(() => undefined);
  }
}
