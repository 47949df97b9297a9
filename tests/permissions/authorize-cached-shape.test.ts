import { getOperationAST, parse } from 'graphql';
import { resolvePolicy } from '../../src/permissions/access-policy';
import { authorizeOperation } from '../../src/permissions/authorize-operation';
import { buildRuleTree } from '../../src/permissions/rule-tree';
import { buildSchema } from '../../src/schema';

/**
 * The authorization pass walks each parsed document once and keeps its shape; what depends on
 * the viewer and the variables must still be decided on every request.
 */
describe('authorization of one parsed document across requests', () => {
  const schema = buildSchema();
  const tree = buildRuleTree(schema);
  const document = parse(`query Find($filter: PatientFilter) { patients(filter: $filter, first: 5) { edges { node { id name } } } }`);
  const operation = getOperationAST(document)!;
  const policyOf = (roles: string[]) => resolvePolicy({ id: 'u', name: null, roles, departments: ['CARD'] }, { smallCellK: 5 });

  it('checks the variables of each request: a filter by name is refused for an analyst only when it is sent', async () => {
    const analyst = policyOf(['analyst']);
    const plain = await authorizeOperation(schema, tree, analyst, document, operation, { filter: { gender: 'FEMALE' } });
    expect(plain.refusedArguments).toEqual([]);
    expect(plain.searches[0]!.args).toEqual({ filter: { gender: 'FEMALE' }, first: 5 });
    const byName = await authorizeOperation(schema, tree, analyst, document, operation, { filter: { name: '张三' } });
    expect(byName.refusedArguments.map((r) => r.argument)).toEqual(['PatientFilter.name']);
    const again = await authorizeOperation(schema, tree, analyst, document, operation, { filter: { gender: 'MALE' } });
    expect(again.refusedArguments).toEqual([]);
    expect(again.searches[0]!.args).toEqual({ filter: { gender: 'MALE' }, first: 5 });
  });

  it('decides the fields for each viewer: the same document is clear for a clinician, masked for an analyst, denied for an auditor', async () => {
    const decide = async (roles: string[]) => (await authorizeOperation(schema, tree, policyOf(roles), document, operation, {})).fields.get('Patient.name');
    expect(await decide(['clinician'])).toBe('clear');
    expect(await decide(['analyst'])).toBe('masked');
    expect(await decide(['auditor'])).toBe('none');
    expect(await decide(['clinician'])).toBe('clear');
  });

  it('remembers the field decisions per combination of roles, never across combinations', async () => {
    const of = (roles: string[], departments: string[], requestedRole?: string) => resolvePolicy({ id: 'u', name: null, roles, departments }, { smallCellK: 5, requestedRole });
    const decide = async (policy: ReturnType<typeof of>) => (await authorizeOperation(schema, tree, policy, document, operation, {})).fields;
    const clinician = await decide(of(['clinician'], ['CARD']));
    // the same roles in other departments: the same decisions (departments are the row scope's)
    expect(await decide(of(['clinician'], ['ORTH', 'RESP']))).toBe(clinician);
    const withDirector = await decide(of(['clinician', 'dept_director'], ['CARD']));
    const actingAsAnalyst = await decide(of(['clinician', 'analyst'], ['CARD'], 'analyst'));
    const auditor = await decide(of(['auditor'], []));
    expect(new Set([clinician, withDirector, actingAsAnalyst, auditor]).size).toBe(4);
    expect([clinician, withDirector, actingAsAnalyst, auditor].map((fields) => fields.get('Patient.name'))).toEqual(['clear', 'clear', 'masked', 'none']);
    // asked again in another order, each combination still gets its own
    expect((await decide(of(['auditor'], ['CARD']))).get('Patient.name')).toBe('none');
    expect(await decide(of(['clinician'], ['CARD']))).toBe(clinician);
  });
});
