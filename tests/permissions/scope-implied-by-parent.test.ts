import type { Condition } from '../../adapters/entity-reader';
import { resolvePolicy } from '../../src/permissions/access-policy';
import { rowScope, SCOPE_IMPLIED_BY_PARENT, withoutScopeOf } from '../../src/permissions/row-scope';

/**
 * The loaders of a few relations leave the child's row scope out (request-loaders.ts): its rows
 * are read by the links of parent rows this request read under the parent's scope. That is only
 * sound while each child scope says "a parent row in scope links to me". This checks the table
 * against the scopes as row-scope.ts builds them, for departments and for grants, so that a change
 * to a scope that breaks the implication fails here rather than widening a read.
 */
describe('scopes implied by the parent row', () => {
  const policy = (roles: string[], departments: string[]) => resolvePolicy({ id: 'u', name: null, roles, departments }, { smallCellK: 5 });
  const relations = Object.entries(SCOPE_IMPLIED_BY_PARENT);

  /** whether every row passing `parent`, linked by parentField = field, makes its children pass `child` */
  function implied(child: Condition<any>[], parent: Condition<any>[], link: { field: string; parent: string; parentField: string }): boolean {
    if (child.length !== parent.length) return false;
    return child.every((condition, i) => {
      const own = parent[i]!;
      if (condition.op === 'exists') {
        return condition.entity === link.parent && condition.foreignField === link.parentField && condition.localField === link.field && JSON.stringify(condition.where) === JSON.stringify([own]);
      }
      if (condition.op === 'in' && own.op === 'in') {
        // the child's key is the parent's link: the same list on both sides
        return condition.field === link.field && own.field === link.parentField && JSON.stringify(condition.values) === JSON.stringify(own.values);
      }
      if (condition.op === 'or' && own.op === 'or') {
        return condition.any.length === own.any.length && condition.any.every((branch, j) => implied(branch, own.any[j]!, link));
      }
      return false;
    });
  }

  it.each(relations)('%s: a director’s department scope of the child is “a parent row in scope links to it”', (_relation, link) => {
    const scope = rowScope(policy(['dept_director'], ['CARD', 'ORTH']));
    const parent = scope(link.parent);
    expect(parent.length).toBeGreaterThan(0);
    expect(implied(scope(link.entity), parent, link)).toBe(true);
  });

  it.each(relations)('%s: and so with a grant that widens the scope to a patient outside the departments', (_relation, link) => {
    const scope = rowScope(policy(['clinician'], ['CARD']), ['P-GRANTED']);
    expect(scope(link.parent)[0]).toMatchObject({ op: 'or' });
    expect(implied(scope(link.entity), scope(link.parent), link)).toBe(true);
  });

  it('the check itself fails on a scope that does not follow the parent (an imaging study’s, which also follows the device)', () => {
    const scope = rowScope(policy(['clinician'], ['CARD']));
    expect(implied(scope('ImagingStudy'), scope('Encounter'), { field: 'encounterId', parent: 'Encounter', parentField: 'id' })).toBe(false);
    expect(implied(scope('LabOrder'), scope('Encounter'), { field: 'encounterId', parent: 'Encounter', parentField: 'id' })).toBe(false);
  });

  it('leaves out only the child’s scope', () => {
    const scope = rowScope(policy(['clinician'], ['CARD']));
    const read = withoutScopeOf({ scope }, 'Patient');
    expect(read.scope!('Patient')).toEqual([]);
    expect(read.scope!('Encounter')).toEqual(scope('Encounter'));
    expect(read.scope!('LabResult')).toEqual(scope('LabResult'));
  });
});
