import { PolicyError, resolvePolicy } from '../../src/permissions/access-policy';
import { rowScope } from '../../src/permissions/row-scope';

const viewer = (roles: string[], departments: string[] = ['CARD']) => ({ id: 'u1', name: 'U', roles, departments });

describe('a viewer’s effective policy', () => {
  it('combines roles that share a row scope by the most permissive access per class', () => {
    const director = resolvePolicy(viewer(['dept_director']), { smallCellK: 5 });
    expect(director.access('IDENTITY_NAME')).toBe('masked');
    const both = resolvePolicy(viewer(['dept_director', 'clinician']), { smallCellK: 5 });
    expect(both.access('IDENTITY_NAME')).toBe('clear'); // "masked unless also clinician"
    expect(both.access('FINANCIAL')).toBe('clear');
    expect(both.scope).toBe('departments');
  });

  it('refuses to add up roles with different row scopes, unless the request names one', () => {
    expect(() => resolvePolicy(viewer(['analyst', 'clinician']), { smallCellK: 5 })).toThrow(PolicyError);
    expect(() => resolvePolicy(viewer(['analyst', 'clinician']), { smallCellK: 5 })).toThrow(/X-Gateway-Role/);
    const asAnalyst = resolvePolicy(viewer(['analyst', 'clinician']), { smallCellK: 5, requestedRole: 'analyst' });
    expect([asAnalyst.roles, asAnalyst.access('IDENTITY_NAME'), asAnalyst.scope]).toEqual([['analyst'], 'masked', 'hospital']);
    expect(() => resolvePolicy(viewer(['analyst']), { smallCellK: 5, requestedRole: 'clinician' })).toThrow(/not one of this token's roles/);
  });

  it('grants nothing to a role it does not know', () => {
    const unknown = resolvePolicy(viewer(['superuser', 'root']), { smallCellK: 5 });
    expect(unknown.roles).toEqual([]);
    for (const dataClass of ['PATIENT', 'CLINICAL', 'FINANCIAL', 'REFERENCE'] as const) expect(unknown.access(dataClass)).toBe('none');
    expect(unknown.access('SELF')).toBe('none');
  });

  it('suppresses small cells only for analysts, and masks birth dates more strongly for them', () => {
    expect(resolvePolicy(viewer(['analyst']), { smallCellK: 7 }).smallCellK).toBe(7);
    expect(resolvePolicy(viewer(['finance']), { smallCellK: 7 }).smallCellK).toBeNull();
    expect(resolvePolicy(viewer(['analyst', 'finance']), { smallCellK: 7 }).smallCellK).toBeNull();
    expect(resolvePolicy(viewer(['analyst']), { smallCellK: 5 }).maskKind('IDENTITY_BIRTH_DATE')).toBe('ageBand');
    expect(resolvePolicy(viewer(['finance']), { smallCellK: 5 }).maskKind('IDENTITY_BIRTH_DATE')).toBe('birthYear');
  });

  it('scopes a department role’s rows to its departments, and to nothing without any', () => {
    const scope = rowScope(resolvePolicy(viewer(['ops_assistant'], ['CARD', 'RESP']), { smallCellK: 5 }));
    expect(scope('Encounter')).toEqual([{ op: 'in', field: 'departmentCode', values: ['CARD', 'RESP'] }]);
    expect(scope('Patient')[0]).toMatchObject({ op: 'exists', entity: 'Encounter', foreignField: 'patientId', localField: 'id' });
    expect(scope('Department')).toEqual([]);
    expect(rowScope(resolvePolicy(viewer(['clinician'], []), { smallCellK: 5 }))('LabOrder')).toEqual([{ op: 'none' }]);
    expect(rowScope(resolvePolicy(viewer(['finance']), { smallCellK: 5 }))('LabOrder')).toEqual([]);
  });
});

describe('policies of viewers with the same roles (the role-derived part is worked out once)', () => {
  it('keep each viewer’s own departments and the small-cell k asked for', () => {
    const a = resolvePolicy(viewer(['clinician'], ['CARD']), { smallCellK: 5 });
    const b = resolvePolicy(viewer(['clinician'], ['RESP', 'GSUR']), { smallCellK: 5 });
    expect([a.departments, b.departments]).toEqual([['CARD'], ['RESP', 'GSUR']]);
    expect(rowScope(a)('Encounter')).not.toEqual(rowScope(b)('Encounter'));
    expect(resolvePolicy(viewer(['analyst']), { smallCellK: 5 }).smallCellK).toBe(5);
    expect(resolvePolicy(viewer(['analyst']), { smallCellK: 11 }).smallCellK).toBe(11);
  });

  it('refuse the same combination every time, and a role chosen by header only for its own policy', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => resolvePolicy(viewer(['analyst', 'clinician'], ['CARD']), { smallCellK: 5 })).toThrow(PolicyError);
      expect(() => resolvePolicy(viewer(['analyst'], []), { smallCellK: 5, requestedRole: 'clinician' })).toThrow(/not one of this token's roles/);
    }
    const chosen = resolvePolicy(viewer(['analyst', 'clinician'], ['CARD']), { smallCellK: 5, requestedRole: 'clinician' });
    expect([chosen.roles, chosen.access('IDENTITY_NAME')]).toEqual([['clinician'], 'clear']);
    expect(resolvePolicy(viewer(['analyst', 'clinician'], ['CARD']), { smallCellK: 5, requestedRole: 'analyst' }).access('IDENTITY_NAME')).toBe('masked');
  });

  it('share a roles list nobody can change', () => {
    const policy = resolvePolicy(viewer(['finance']), { smallCellK: 5 });
    expect(() => (policy.roles as string[]).push('admin')).toThrow(TypeError);
    expect(resolvePolicy(viewer(['finance']), { smallCellK: 5 }).roles).toEqual(['finance']);
  });
});
