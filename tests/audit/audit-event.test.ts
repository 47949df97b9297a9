import { createHash, createHmac } from 'node:crypto';
import { canonicalForms, canonicalJson, chainHash, type AuditEventDraft } from '../../src/audit/audit-event';
import type { AuditDatabase } from '../../src/audit/store/audit-database';
import { AuditStore } from '../../src/audit/store/audit-store';

/**
 * The canonical form is what every hash in every stored chain covers: the faster writing of it
 * must produce the same bytes as the rule it implements (keys sorted at every level, undefined
 * members left out, JSON.stringify for every value), written out here independently.
 */
function specification(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(specification).join(',')}]`;
  const keys = Object.keys(value as object)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((key) => `${JSON.stringify(key)}:${specification((value as Record<string, unknown>)[key])}`).join(',')}}`;
}

/** a small deterministic generator (mulberry32), so that a failure can be replayed */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const draft: AuditEventDraft = {
  id: 'e1',
  at: '2026-11-26T03:50:08.123Z',
  requestId: 'r-1',
  actor: { id: 'u1', name: '张医生 "quoted"\n', roles: ['clinician', 'dept_director'], departments: ['CARD'], ip: '127.0.0.1', userAgent: null },
  action: 'READ',
  operationName: null,
  operationHash: 'ab'.repeat(32),
  entityType: 'Patient',
  entityIds: ['BR0001', 'BR\u2028ODD', '患者'],
  patientIds: ['BR0001'],
  fields: ['name', 'phone'],
  outcome: 'MASKED',
  purpose: 'break-glass g1: 抢救',
  filter: { name: 'sha256:00', ids: [1, -0, 2.5, null, true], nested: { z: undefined, a: [[1, 'x'], { b: NaN }] } },
};

describe('the canonical form of an audit event', () => {
  it('writes arrays, nested objects, escapes and undefined members exactly as the rule says', () => {
    expect(canonicalJson(draft)).toBe(specification(draft));
    for (const value of [[], [null], ['a', 'b'], [1, 'x', null, false], [undefined, 'y'], [{ b: 1, a: 2 }], { b: [3], a: { d: 1, c: undefined } }, 'ä', 0, null]) {
      expect(canonicalJson(value)).toBe(specification(value));
    }
  });

  it('gives the stored record and the hashed text of an event in one pass, the same as written separately', () => {
    for (const seq of [1, 42, 9_007_199_254_740_991]) {
      const { record, hashed } = canonicalForms(draft, seq);
      expect(record).toBe(specification(draft));
      expect(hashed).toBe(specification({ ...draft, seq }));
      expect(chainHash(draft, seq, 'f'.repeat(64))).toBe(createHash('sha256').update(specification({ ...draft, seq })).update('f'.repeat(64)).digest('hex'));
    }
  });

  it('writes every draft of the event’s own shape as the rule says, and any other shape too (random drafts)', () => {
    const random = seededRandom(20261207);
    const text = () => {
      const alphabet = ['a', 'Z', '0', '"', '\\', '\n', '\u0001', '\u2028', '患', '者', '😀', '\ud800', ' ', '/', '<'];
      return Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    };
    const maybe = <T>(value: () => T): T | null => (random() < 0.3 ? null : value());
    const texts = () => Array.from({ length: Math.floor(random() * 5) }, text);
    const filterValue = (depth: number): unknown => {
      const pick = random();
      if (depth > 2 || pick < 0.3) return [text(), 1.5, -0, null, true][Math.floor(random() * 5)];
      if (pick < 0.6) return Array.from({ length: Math.floor(random() * 3) }, () => filterValue(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [text(), random() < 0.2 ? undefined : filterValue(depth + 1)]));
    };
    for (let n = 0; n < 2_000; n++) {
      const actor = { id: text(), name: maybe(text), roles: texts(), departments: texts(), ip: maybe(text), userAgent: maybe(text) } as Record<string, unknown>;
      const event = {
        id: text(), at: text(), requestId: text(), actor, action: 'READ', operationName: maybe(text), operationHash: maybe(text), entityType: text(),
        entityIds: texts(), patientIds: texts(), fields: texts(), outcome: 'ALLOWED', purpose: maybe(text), filter: random() < 0.5 ? null : filterValue(0),
      } as Record<string, unknown>;
      // half the drafts are of another shape: a member undefined, missing or added, in the draft or its actor
      const variant = Math.floor(random() * 12);
      const target = variant % 2 === 0 ? event : actor;
      const key = Object.keys(target)[Math.floor(random() * Object.keys(target).length)]!;
      if (variant < 2) target[key] = undefined;
      else if (variant < 4) delete target[key];
      else if (variant < 6) target[text() || 'extra'] = text();
      const seq = Math.floor(random() * 1e6);
      const { record, hashed } = canonicalForms(event as unknown as AuditEventDraft, seq);
      expect(record).toBe(specification(event));
      expect(hashed).toBe(specification({ ...event, seq }));
    }
  });

  it('chains with SHA-256 over the record and the previous hash, and seals with HMAC-SHA-256 of the secret', () => {
    const secret = 'audit-seal-secret-for-tests-32-bytes!! 密钥';
    // the store's seal needs no connection; the dialect only names its tables
    const store = new AuditStore({ dialect: 'postgres' } as AuditDatabase, secret);
    const hash = chainHash(draft, 3, 'e'.repeat(64));
    expect(hash).toBe(createHash('sha256').update(canonicalForms(draft, 3).hashed).update('e'.repeat(64)).digest('hex'));
    expect(store.seal(hash)).toBe(createHmac('sha256', secret).update(hash).digest('hex'));
  });

  it('places the sequence number among the keys in order, whatever keys a record has', () => {
    const odd = { zeta: 1, alpha: 2, sequence: 3, seqz: 4, s: 5 } as unknown as AuditEventDraft;
    expect(canonicalForms(odd, 7).hashed).toBe(specification({ ...odd, seq: 7 }));
    expect(canonicalForms({} as AuditEventDraft, 7).hashed).toBe('{"seq":7}');
  });
});
