import { randomUUID } from 'node:crypto';
import type { AuditAction, AuditActor, AuditEventDraft, AuditOutcome } from './audit-event';
import { sha256Hex } from './audit-event';

/** a grant under which a patient's data may be read, and why */
export interface ActiveGrant {
  id: string;
  patientId: string;
  reason: string;
  kind: 'REQUEST' | 'BREAK_GLASS';
}

/** one event in the making: the entities, patients and fields of one type, outcome and purpose */
interface Group {
  entityType: string;
  outcome: AuditOutcome;
  purpose: string | null;
  ids: Set<string>;
  patients: Set<string>;
  fields: Set<string>;
}

/**
 * Collects one request's sensitive accesses as they are served: one event per entity type,
 * outcome and purpose, listing entity ids, patient ids and fields — not one per value. The guards
 * of sensitive fields call `note` one value at a time; on a lean schema the fields that serve rows
 * call `noteRows` once per batch of rows (row-audit.ts). Both are synchronous.
 */
export class AuditCollector {
  private readonly groups = new Map<string, Group>();
  private readonly extra: AuditEventDraft[] = [];
  private last: Group | undefined;
  /** rows that do not name their patient, linked to it by the relation that loaded them (the fully guarded schema; row notes are handed the patient instead) */
  readonly patientOf = new WeakMap<object, string>();
  operationName: string | null = null;
  /** settles when the response's records are committed or withheld (other plugins wait for it) */
  settled: Promise<void> = Promise.resolve();
  operationHash: string | null = null;

  constructor(
    readonly requestId: string,
    readonly actor: AuditActor,
    private readonly grants: ReadonlyMap<string, ActiveGrant> = new Map(),
  ) {}

  /** the row noted last (its group is `last`): a row's sensitive fields are resolved one after another */
  private lastRow: object | undefined;

  /**
   * Notes another field of the row noted last, if `row` is that row (same type and outcome): its
   * id, patient and purpose are noted already. False when it is not, and the caller notes it in full.
   */
  noteSameRow(row: object, entityType: string, field: string, outcome: AuditOutcome): boolean {
    const group = this.last;
    if (row !== this.lastRow || !group || group.entityType !== entityType || group.outcome !== outcome) return false;
    group.fields.add(field);
    return true;
  }

  /**
   * The patient a row belongs to: a patient row is its own; most rows name theirs; the rest
   * (results, diagnoses, procedures) were linked to it by the relation that loaded them.
   */
  patientOfRow(entityType: string, row: Record<string, unknown>, linked?: string): string | undefined {
    if (entityType === 'Patient') return row.id as string;
    if (typeof row.patientId === 'string') return row.patientId;
    return linked ?? this.patientOf.get(row);
  }

  /**
   * Notes rows served in clear with the @sensitive fields their selection reads (row-audit.ts):
   * its field list once per group the batch falls in, not per row. `linked`: the patient of rows
   * that do not name theirs, given by the relation that served them (instead of patientOf).
   */
  noteRows(entityType: string, rows: readonly Record<string, unknown>[], fields: readonly string[], linked?: string): void {
    if (fields.length === 0) return;
    // a batch falls in one group unless a grant gives some patient's rows a purpose of their own
    let withFields: Group | undefined;
    for (const row of rows) {
      const patientId = this.patientOfRow(entityType, row, linked);
      const group = this.groupOf(entityType, 'ALLOWED', this.purposeOf(patientId));
      addEntity(group, row.id, patientId);
      if (group !== withFields) {
        for (const field of fields) group.fields.add(field);
        withFields = group;
      }
    }
    this.lastRow = undefined;
  }

  /** notes one sensitive value served (or denied); `row`, when given, lets its next fields take noteSameRow */
  note(entityType: string, entityId: unknown, patientId: string | undefined, field: string, outcome: AuditOutcome, row?: object): void {
    const group = this.groupOf(entityType, outcome, this.purposeOf(patientId));
    addEntity(group, entityId, patientId);
    group.fields.add(field);
    this.lastRow = row;
  }

  /** why a patient's data may be read beyond the viewer's scope: the grant in force, if any */
  private purposeOf(patientId: string | undefined): string | null {
    const grant = patientId === undefined || this.grants.size === 0 ? undefined : this.grants.get(patientId);
    return grant ? `${grant.kind === 'BREAK_GLASS' ? 'break-glass' : 'approved request'} ${grant.id}: ${grant.reason}` : null;
  }

  /** the group of an entity type, outcome and purpose, which becomes `last` */
  private groupOf(entityType: string, outcome: AuditOutcome, purpose: string | null): Group {
    // a list notes the same few fields row after row: the last group is the likely one
    let group = this.last;
    if (!group || group.entityType !== entityType || group.outcome !== outcome || group.purpose !== purpose) {
      const key = `${entityType}|${outcome}|${purpose ?? ''}`;
      group = this.groups.get(key);
      if (!group) {
        group = { entityType, outcome, purpose, ids: new Set(), patients: new Set(), fields: new Set() };
        this.groups.set(key, group);
      }
      this.last = group;
    }
    return group;
  }

  /** a search: its filter is kept with sensitive values replaced by their SHA-256 */
  search(entityType: string, filter: Record<string, unknown>, sensitiveKeys: ReadonlySet<string>, outcome: AuditOutcome): void {
    this.extra.push(this.draft({ action: 'SEARCH', entityType, entityIds: [], patientIds: [], fields: [], outcome, purpose: null, filter: hashSensitive(filter, sensitiveKeys) }));
  }

  action(action: AuditAction, entityType: string, entityIds: string[], patientIds: string[], outcome: AuditOutcome, purpose: string | null): void {
    this.extra.push(this.draft({ action, entityType, entityIds, patientIds, fields: [], outcome, purpose, filter: null }));
  }

  /** the action events gathered so far, removed from the request's batch (committed on their own) */
  takeActions(): AuditEventDraft[] {
    return this.extra.splice(0);
  }

  get isEmpty(): boolean {
    return this.groups.size === 0 && this.extra.length === 0;
  }

  /** whether values that must not leave without a record were served */
  get servedSensitive(): boolean {
    for (const group of this.groups.values()) if (group.outcome !== 'DENIED') return true;
    return false;
  }

  /** entities per outcome and type, for metrics */
  outcomes(): { outcome: AuditOutcome; entityType: string; count: number }[] {
    return [...this.groups.values()].map((group) => ({ outcome: group.outcome, entityType: group.entityType, count: Math.max(1, group.ids.size) }));
  }

  drafts(): AuditEventDraft[] {
    const reads = [...this.groups.values()].map((group) =>
      this.draft({ action: 'READ', entityType: group.entityType, entityIds: [...group.ids], patientIds: [...group.patients], fields: [...group.fields].sort(), outcome: group.outcome, purpose: group.purpose, filter: null }),
    );
    return [...this.extra, ...reads];
  }

  private draft(parts: Pick<AuditEventDraft, 'action' | 'entityType' | 'entityIds' | 'patientIds' | 'fields' | 'outcome' | 'purpose' | 'filter'>): AuditEventDraft {
    return { id: randomUUID(), at: new Date().toISOString(), requestId: this.requestId, actor: this.actor, operationName: this.operationName, operationHash: this.operationHash, ...parts };
  }
}

/** an entity's id and patient in its group's lists */
function addEntity(group: Group, entityId: unknown, patientId: string | undefined): void {
  if (entityId !== undefined && entityId !== null) group.ids.add(String(entityId));
  if (patientId !== undefined) group.patients.add(patientId);
}

function hashSensitive(value: Record<string, unknown>, sensitive: ReadonlySet<string>, prefix = ''): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== undefined && item !== null)
      .map(([key, item]) => {
        const path = prefix ? `${prefix}.${key}` : key;
        if (sensitive.has(path)) return [key, Array.isArray(item) ? item.map((v) => `sha256:${sha256Hex(String(v))}`) : `sha256:${sha256Hex(String(item))}`];
        if (item && typeof item === 'object' && !Array.isArray(item)) return [key, hashSensitive(item as Record<string, unknown>, sensitive, path)];
        return [key, item];
      }),
  );
}
