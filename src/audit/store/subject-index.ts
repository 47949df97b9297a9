import type { AuditEvent } from '../audit-event';
import type { AuditDialect, Statement } from './audit-database';

/**
 * The audit store's subject index (`audit_subject`): which records name a patient or a searchable
 * entity, so that an auditor finds every read of one patient's record.
 *
 * An append's records fall into windows of up to 63 consecutive records (63 bits fit a signed
 * BIGINT), the first starting at the append's first record. One row stands for one subject in one
 * window: `seq` is the window's first record and `members` the bit mask of the window's records
 * that name the subject (bit i: record seq + i). A request whose records name the same patients —
 * a nested list's Patient and LabResult records both name its 825 patients — and a group commit of
 * many requests reading one patient thus write one row per subject, not one per subject and
 * record. Rows are the index's cost: on PostgreSQL the list's 1,650 rows took 12.7–16.4 ms of its
 * 19–21 ms append, most of it in the primary key's B-tree. Windows never span two appends, so a
 * row is only ever inserted, never updated: the gateway's account keeps INSERT-only rights.
 *
 * Each event row carries its window's first record (`subject_window`, indexed), so that a search
 * joins on equality both ways: from a rarely read patient's rows to their events, and from the
 * newest events to a patient read all the time. A range join (window ≤ seq < window + 63) made
 * PostgreSQL's planner expect thousands of events per window and scan the subject table instead.
 *
 * A store created before this layout has one row per subject and record ('per-record') and no
 * window column: it is written and searched as before until migrated (`migrateSubjectIndex`,
 * README "Audit trail").
 */
export type SubjectLayout = 'shared' | 'per-record';

/** records one subject row covers at most */
export const SUBJECT_WINDOW = 63;

/**
 * The first record of the window `seq` falls in, windows counted from `origin`: an append's first
 * record, or 1 for the fixed windows (1–63, 64–126, …) a migrated store's records get.
 */
export function windowOf(seq: number, origin: number): number {
  return seq - ((seq - origin) % SUBJECT_WINDOW);
}

/** windowOf(seq, 1) in SQL, for the migration's UPDATE */
export const ALIGNED_WINDOW_SQL = `seq - MOD(seq - 1, ${SUBJECT_WINDOW})`;

/**
 * Entity types whose ids auditors search by (besides patient ids, always indexed). Rows that
 * belong to one of these — results of an order, diagnoses and charges of an encounter — are
 * found through their patient; indexing each of them would cost a row per value served.
 */
const SEARCHABLE_ENTITIES = new Set(['Patient', 'Encounter', 'LabOrder', 'ImagingStudy', 'DrgCase', 'AccessRequest']);

/** a subject id as the index keeps it (the column's width) */
const indexed = (subject: string) => subject.slice(0, 128);

function subjectsOf(event: AuditEvent): Iterable<string> {
  const subjects = new Set<string>();
  for (const id of event.patientIds) subjects.add(indexed(id));
  if (SEARCHABLE_ENTITIES.has(event.entityType)) for (const id of event.entityIds) subjects.add(indexed(id));
  return subjects;
}

/**
 * The subject rows of consecutive events: [subject, seq] in the per-record layout, and in the
 * shared [subject, window's first record, members as a decimal string], windows counted from
 * `origin` (windowOf).
 */
export function subjectRows(events: readonly AuditEvent[], layout: SubjectLayout, origin: number): unknown[][] {
  const rows: unknown[][] = [];
  if (layout === 'per-record') {
    for (const event of events) for (const subject of subjectsOf(event)) rows.push([subject, event.seq]);
    return rows;
  }
  const byWindow = new Map<number, Map<string, bigint>>();
  for (const event of events) {
    const window = windowOf(event.seq, origin);
    let members = byWindow.get(window);
    if (!members) byWindow.set(window, (members = new Map()));
    const bit = 1n << BigInt(event.seq - window);
    for (const subject of subjectsOf(event)) members.set(subject, (members.get(subject) ?? 0n) | bit);
  }
  for (const [window, members] of byWindow) for (const [subject, mask] of members) rows.push([subject, window, mask.toString()]);
  return rows;
}

/** the columns of subjectRows' rows, with their PostgreSQL array types */
export function subjectColumns(layout: SubjectLayout): { name: string; pgType: string }[] {
  const columns = [{ name: 'subject_id', pgType: 'varchar' }, { name: 'seq', pgType: 'bigint' }];
  return layout === 'shared' ? [...columns, { name: 'members', pgType: 'bigint' }] : columns;
}

/** the join of subject rows `s` to the events `e` they name */
export function subjectJoin(dialect: AuditDialect, layout: SubjectLayout): string {
  if (layout === 'per-record') return 's.seq = e.seq';
  const offset = dialect === 'postgres' ? '(e.seq - s.seq)::int' : '(e.seq - s.seq)';
  return `s.seq = e.subject_window AND (s.members >> ${offset}) & 1 = 1`;
}

/**
 * MariaDB starts a search by subject from the subject's rows whatever their number, then sorts:
 * one page of a patient named in a third of 400,000 records took 172–188 ms. Its
 * optimizer_join_limit_pref_ratio (10.6.20, 10.11.10 and later) lets it read the newest events
 * first for ORDER BY … LIMIT when that is estimated much cheaper: 10–12 ms for that patient, and
 * no change (10–23 ms) for patients named in 571, 7 or 4 records. MySQL has no such setting.
 */
export const NEWEST_FIRST_SQL = 'SET STATEMENT optimizer_join_limit_pref_ratio = 5 FOR ';
export const NEWEST_FIRST_PROBE = 'SELECT @@optimizer_join_limit_pref_ratio AS ratio';

/**
 * Retention's DELETE of the subject rows of records up to `lastPurgedSeq`. A row whose window
 * straddles the cutoff stays while it names a record that stays; its bits for purged records no
 * longer join, and go with the row at a later purge.
 */
export function subjectPurge(dialect: AuditDialect, layout: SubjectLayout, table: string, lastPurgedSeq: number): Statement {
  if (layout === 'per-record') return { sql: `DELETE FROM ${table} WHERE seq <= ?`, params: [lastPurgedSeq] };
  // bits above (lastPurgedSeq - seq) are the records that stay
  const kept = dialect === 'postgres' ? '(members >> (? - seq + 1)::int)' : '(members >> (? - seq + 1))';
  return { sql: `DELETE FROM ${table} WHERE seq <= ? AND (seq <= ? OR ${kept} = 0)`, params: [lastPurgedSeq, lastPurgedSeq - (SUBJECT_WINDOW - 1), lastPurgedSeq] };
}
