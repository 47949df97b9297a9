import { hash } from 'node:crypto';

/**
 * An audit event: who read, searched, was granted or denied which patient's data, when, under
 * which role and for what purpose (CONTRACT.md, "Audit event"). Events are hash-chained: each
 * record's hash covers its canonical form and the previous record's hash.
 */

export type AuditAction = 'READ' | 'SEARCH' | 'EXPORT' | 'GRANT' | 'DENY' | 'REQUEST' | 'BREAK_GLASS' | 'REVIEW';
export type AuditOutcome = 'ALLOWED' | 'MASKED' | 'DENIED';

export interface AuditActor {
  id: string;
  name: string | null;
  roles: string[];
  departments: string[];
  ip: string | null;
  userAgent: string | null;
}

/** An event as the gateway produces it, before the store gives it a place in the chain. */
export interface AuditEventDraft {
  id: string;
  /** RFC 3339 UTC with milliseconds, e.g. 2026-11-26T03:50:08.123Z */
  at: string;
  requestId: string;
  actor: AuditActor;
  action: AuditAction;
  operationName: string | null;
  /** SHA-256 of the GraphQL document, hex */
  operationHash: string | null;
  /** GraphQL type of the entities, e.g. Patient, LabResult */
  entityType: string;
  entityIds: string[];
  /** patients whose data the event concerns (for auditors' searches by patient) */
  patientIds: string[];
  fields: string[];
  outcome: AuditOutcome;
  /** the reason of the grant or request that made the access possible */
  purpose: string | null;
  /** a search's filter, sensitive values replaced by their SHA-256 */
  filter: Record<string, unknown> | null;
}

/** An event as stored: its position in the chain and its hashes. */
export interface AuditEvent extends AuditEventDraft {
  seq: number;
  prevHash: string;
  hash: string;
}

/** the hash that precedes the first record of a chain */
export const GENESIS_HASH = '0'.repeat(64);

/** Deterministic JSON: object keys sorted at every level, so the same record always hashes alike. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    // the ids of a long list: JSON.stringify writes an array of plain values exactly as the general case would
    if (value.every(isPlain)) return JSON.stringify(value);
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  return `{${canonicalMembers(value as Record<string, unknown>).map(([, member]) => member).join(',')}}`;
}

const isPlain = (item: unknown) => item === null || typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean';

/** an object's defined members in key order, each as [key, `"key":value`] */
function canonicalMembers(value: Record<string, unknown>): [string, string][] {
  return Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, item]) => [key, `${JSON.stringify(key)}:${canonicalJson(item)}`]);
}

/**
 * The two canonical forms of an event, from one pass over the draft: the record as stored (the
 * draft) and the text its hash covers (the draft with its sequence number) — the same as
 * canonicalJson(draft) and canonicalJson({ ...draft, seq }).
 */
export function canonicalForms(draft: AuditEventDraft, seq: number): { record: string; hashed: string } {
  const record = draftMembers(draft);
  if (record !== null) return { record: `{${record}}`, hashed: `{${record},"seq":${JSON.stringify(seq)}}` };
  const members = canonicalMembers(draft as unknown as Record<string, unknown>).filter(([key]) => key !== 'seq');
  const at = members.findIndex(([key]) => key > 'seq');
  const withSeq = members.map(([, member]) => member);
  withSeq.splice(at < 0 ? members.length : at, 0, `"seq":${canonicalJson(seq)}`);
  return { record: `{${members.map(([, member]) => member).join(',')}}`, hashed: `{${withSeq.join(',')}}` };
}

/** the members of a draft, and of its actor, in key order ('seq' would come after the last) */
const DRAFT_KEYS = ['action', 'actor', 'at', 'entityIds', 'entityType', 'fields', 'filter', 'id', 'operationHash', 'operationName', 'outcome', 'patientIds', 'purpose', 'requestId'] as const;
const ACTOR_KEYS = ['departments', 'id', 'ip', 'name', 'roles', 'userAgent'] as const;

/**
 * A draft of exactly the event's shape, written without sorting: every event the gateway appends
 * has it, and sorting its keys was most of the cost of writing it (an identity read's record took
 * 18 µs). Anything else — a member missing or undefined, one more, a record of an older shape
 * being verified — returns null and takes the general rule.
 */
function draftMembers(draft: AuditEventDraft): string | null {
  const actor = membersOfShape(draft.actor, ACTOR_KEYS);
  return actor === null ? null : membersOfShape(draft, DRAFT_KEYS, { actor: `{${actor}}` });
}

/** `"key":value,…` of an object with exactly these keys, none undefined, in their order (`written`: members already written); null for any other */
function membersOfShape(value: unknown, keys: readonly string[], written: Record<string, string> = {}): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length !== keys.length) return null;
  const object = value as Record<string, unknown>;
  let members = '';
  for (const key of keys) {
    if (object[key] === undefined || !Object.prototype.hasOwnProperty.call(object, key)) return null;
    members += `${members ? ',' : ''}"${key}":${written[key] ?? canonicalJson(object[key])}`;
  }
  return members;
}

/** hash = SHA-256(canonical record ‖ prevHash), the record including its sequence number */
export function chainHash(draft: AuditEventDraft, seq: number, prevHash: string): string {
  return hashOf(canonicalForms(draft, seq).hashed, prevHash);
}

// one-shot hashing: a Hash object per record cost twice the digest of a record this size
export function hashOf(hashed: string, prevHash: string): string {
  return hash('sha256', hashed + prevHash, 'hex');
}

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}
