import type { AuditDatabase } from '../audit/store/audit-database';

/** A record access request (调阅申请) or a break-glass grant, as stored beside the audit trail. */
export interface AccessRequestRecord {
  id: string;
  kind: 'REQUEST' | 'BREAK_GLASS';
  patientId: string;
  requesterId: string;
  requesterName: string | null;
  reason: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
  expiresAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
}

const COLUMNS = 'id, kind, patient_id, requester_id, requester_name, reason, status, created_at, decided_by, decided_at, decision_comment, expires_at, reviewed_by, reviewed_at, review_comment';

type Row = Record<string, string | null>;

function recordOf(row: Row): AccessRequestRecord {
  return {
    id: row.id!,
    kind: row.kind as AccessRequestRecord['kind'],
    patientId: row.patient_id!,
    requesterId: row.requester_id!,
    requesterName: row.requester_name ?? null,
    reason: row.reason!,
    status: row.status as AccessRequestRecord['status'],
    createdAt: row.created_at!,
    decidedBy: row.decided_by ?? null,
    decidedAt: row.decided_at ?? null,
    comment: row.decision_comment ?? null,
    expiresAt: row.expires_at ?? null,
    reviewedBy: row.reviewed_by ?? null,
    reviewedAt: row.reviewed_at ?? null,
    reviewComment: row.review_comment ?? null,
  };
}

export class AccessRequestStore {
  constructor(
    private readonly db: AuditDatabase,
    private readonly table: string,
  ) {}

  async insert(record: AccessRequestRecord): Promise<void> {
    await this.db.query(`INSERT INTO ${this.table} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      record.id, record.kind, record.patientId, record.requesterId, record.requesterName, record.reason, record.status, record.createdAt,
      record.decidedBy, record.decidedAt, record.comment, record.expiresAt, record.reviewedBy, record.reviewedAt, record.reviewComment,
    ]);
  }

  async get(id: string): Promise<AccessRequestRecord | null> {
    const [row] = await this.db.query<Row>(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = ?`, [id]);
    return row ? recordOf(row) : null;
  }

  /** Records a decision only if the request is still pending: two directors cannot both decide. */
  async decide(id: string, status: 'APPROVED' | 'REJECTED', by: string, at: string, comment: string | null, expiresAt: string | null): Promise<boolean> {
    const rows = await this.db.query<Row>(`SELECT id FROM ${this.table} WHERE id = ? AND status = 'PENDING'`, [id]);
    if (rows.length === 0) return false;
    await this.db.query(`UPDATE ${this.table} SET status = ?, decided_by = ?, decided_at = ?, decision_comment = ?, expires_at = ? WHERE id = ? AND status = 'PENDING'`, [status, by, at, comment, expiresAt, id]);
    return true;
  }

  async review(id: string, by: string, at: string, comment: string | null): Promise<void> {
    await this.db.query(`UPDATE ${this.table} SET reviewed_by = ?, reviewed_at = ?, review_comment = ? WHERE id = ?`, [by, at, comment, id]);
  }

  async list(filter: { status?: string | null; requesterId?: string }): Promise<AccessRequestRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.requesterId) {
      where.push('requester_id = ?');
      params.push(filter.requesterId);
    }
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM ${this.table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT 1000`, params);
    return rows.map(recordOf);
  }

  /** approved, unexpired grants of a user */
  async activeGrants(requesterId: string, now: string): Promise<AccessRequestRecord[]> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM ${this.table} WHERE requester_id = ? AND status = 'APPROVED' AND expires_at > ?`, [requesterId, now]);
    return rows.map(recordOf);
  }
}
