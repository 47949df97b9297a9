import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../auth/viewer';
import type { AuditCollector } from '../audit/audit-collector';
import type { AuditWriter } from '../audit/audit-writer';
import { ErrorCode, badUserInput } from '../errors';
import type { Sources } from '../sources';
import type { AccessRequestRecord, AccessRequestStore } from './access-request-store';
import { GrantCache } from './grant-cache';

/**
 * Record access approval (调阅审批) and break-glass. A clinician asks for a patient outside their
 * departments with a reason; a director of a department that treated the patient decides; an
 * approval opens that patient's records to the requester for a limited time. Break-glass opens
 * them at once, for a shorter time, and waits for an auditor's review. Every step is written to
 * the audit trail before it takes effect: if the audit store cannot take it, the step fails.
 */
export interface AccessSettings {
  approvalSeconds: number;
  breakGlassSeconds: number;
  /** grants in force are re-read at most this often per viewer (0: every request) */
  grantCacheSeconds: number;
}

const REASON_MIN = 4;

export class AccessService {
  private readonly grants: GrantCache;

  constructor(
    private readonly store: AccessRequestStore,
    private readonly writer: AuditWriter,
    private readonly sources: Sources,
    private readonly settings: AccessSettings,
  ) {
    this.grants = new GrantCache(settings.grantCacheSeconds * 1000);
  }

  async request(viewer: Viewer, audit: AuditCollector, patientId: string, reason: string): Promise<AccessRequestRecord> {
    const record = this.newRecord(viewer, patientId, checkedReason(reason), 'REQUEST');
    await this.record(audit, 'REQUEST', record, 'ALLOWED');
    await this.store.insert(record);
    return record;
  }

  async breakGlass(viewer: Viewer, audit: AuditCollector, patientId: string, reason: string): Promise<AccessRequestRecord> {
    const now = new Date();
    const record: AccessRequestRecord = {
      ...this.newRecord(viewer, patientId, checkedReason(reason), 'BREAK_GLASS'),
      status: 'APPROVED',
      decidedBy: viewer.id,
      decidedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.settings.breakGlassSeconds * 1000).toISOString(),
    };
    await this.record(audit, 'BREAK_GLASS', record, 'ALLOWED');
    await this.store.insert(record);
    this.grants.forget(viewer.id);
    return record;
  }

  async decide(viewer: Viewer, audit: AuditCollector, id: string, approve: boolean, comment: string | null): Promise<AccessRequestRecord> {
    const record = await this.store.get(id);
    // A request the director may not decide reads like one that does not exist.
    if (!record || record.kind !== 'REQUEST' || !(await this.treatedIn(record.patientId, viewer.departments))) {
      throw new GraphQLError('No pending access request with this id awaits your decision.', { extensions: { code: ErrorCode.FORBIDDEN } });
    }
    if (record.status !== 'PENDING') throw badUserInput(`This access request was already ${record.status.toLowerCase()}.`, 'id');
    const now = new Date();
    const decided: AccessRequestRecord = {
      ...record,
      status: approve ? 'APPROVED' : 'REJECTED',
      decidedBy: viewer.id,
      decidedAt: now.toISOString(),
      comment,
      expiresAt: approve ? new Date(now.getTime() + this.settings.approvalSeconds * 1000).toISOString() : null,
    };
    await this.record(audit, approve ? 'GRANT' : 'DENY', decided, approve ? 'ALLOWED' : 'DENIED');
    if (!(await this.store.decide(id, decided.status as 'APPROVED' | 'REJECTED', viewer.id, decided.decidedAt!, comment, decided.expiresAt))) {
      throw badUserInput('This access request was decided by someone else meanwhile.', 'id');
    }
    if (approve) this.grants.forget(record.requesterId);
    return decided;
  }

  async review(viewer: Viewer, audit: AuditCollector, id: string, comment: string | null): Promise<AccessRequestRecord> {
    const record = await this.store.get(id);
    if (!record || record.kind !== 'BREAK_GLASS') throw badUserInput('No break-glass access has this id.', 'id');
    const reviewed = { ...record, reviewedBy: viewer.id, reviewedAt: new Date().toISOString(), reviewComment: comment };
    await this.record(audit, 'REVIEW', reviewed, 'ALLOWED');
    await this.store.review(id, viewer.id, reviewed.reviewedAt, comment);
    return reviewed;
  }

  /** auditors see every request; a director those they may decide; anyone their own */
  async list(viewer: Viewer, status: string | null | undefined): Promise<AccessRequestRecord[]> {
    if (viewer.roles.includes('auditor')) return this.store.list({ status });
    const own = await this.store.list({ status, requesterId: viewer.id });
    if (!viewer.roles.includes('dept_director')) return own;
    const all = await this.store.list({ status });
    const requests = all.filter((r) => r.kind === 'REQUEST' && r.requesterId !== viewer.id);
    const treated = await this.treatedSet(requests.map((r) => r.patientId), viewer.departments);
    return [...own, ...requests.filter((r) => treated.has(r.patientId))];
  }

  async activeGrants(viewerId: string): Promise<AccessRequestRecord[]> {
    return this.grants.active(viewerId, () => this.store.activeGrants(viewerId, new Date().toISOString()));
  }

  private async treatedIn(patientId: string, departments: readonly string[]): Promise<boolean> {
    return (await this.treatedSet([patientId], departments)).has(patientId);
  }

  /** patients with an encounter in one of the departments, asked of the HIS in one statement */
  private async treatedSet(patientIds: readonly string[], departments: readonly string[]): Promise<Set<string>> {
    if (patientIds.length === 0 || departments.length === 0) return new Set();
    const groups = await this.sources.his.encounters.countBy({}, ['patientId'], [
      { op: 'in', field: 'patientId', values: [...new Set(patientIds)] },
      { op: 'in', field: 'departmentCode', values: departments },
    ]);
    return new Set(groups.map((group) => String(group.group[0])));
  }

  private newRecord(viewer: Viewer, patientId: string, reason: string, kind: AccessRequestRecord['kind']): AccessRequestRecord {
    if (!patientId.trim()) throw badUserInput('patientId must name a patient.', 'patientId');
    return {
      id: randomUUID(), kind, patientId, requesterId: viewer.id, requesterName: viewer.name, reason, status: 'PENDING', createdAt: new Date().toISOString(),
      decidedBy: null, decidedAt: null, comment: null, expiresAt: null, reviewedBy: null, reviewedAt: null, reviewComment: null,
    };
  }

  /** the step's audit record, committed before the step takes effect */
  private async record(audit: AuditCollector, action: 'REQUEST' | 'BREAK_GLASS' | 'GRANT' | 'DENY' | 'REVIEW', record: AccessRequestRecord, outcome: 'ALLOWED' | 'DENIED'): Promise<void> {
    audit.action(action, 'AccessRequest', [record.id], [record.patientId], outcome, record.reason);
    const drafts = audit.takeActions();
    try {
      await this.writer.append(drafts);
    } catch {
      throw new GraphQLError('The audit trail cannot record this step now, so it was not taken. Try again shortly.', { extensions: { code: ErrorCode.AUDIT_UNAVAILABLE } });
    }
  }
}

function checkedReason(reason: string): string {
  const trimmed = reason.trim();
  if ([...trimmed].length < REASON_MIN) throw badUserInput(`Give a reason of at least ${REASON_MIN} characters; it is shown to the approver and the auditors.`, 'reason');
  return trimmed.slice(0, 1000);
}
