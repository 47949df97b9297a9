import { createHash } from 'node:crypto';
import { canonicalForms, canonicalJson, chainHash, type AuditEventDraft } from '../../src/audit/audit-event';

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

  it('places the sequence number among the keys in order, whatever keys a record has', () => {
    const odd = { zeta: 1, alpha: 2, sequence: 3, seqz: 4, s: 5 } as unknown as AuditEventDraft;
    expect(canonicalForms(odd, 7).hashed).toBe(specification({ ...odd, seq: 7 }));
    expect(canonicalForms({} as AuditEventDraft, 7).hashed).toBe('{"seq":7}');
  });
});
