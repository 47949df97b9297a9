import { getOperationAST, isLeafType, getNamedType, parse, validate, type ExecutionResult, type GraphQLError } from 'graphql';
import type { AuditEventDraft } from '../../src/audit/audit-event';
import { sensitiveFields } from '../../src/audit/sensitive-fields';
import type { Viewer } from '../../src/auth/viewer';
import { GuardedExecutor } from '../../src/execution/guarded-executor';
import { OperationExecutor } from '../../src/execution/operation-executor';
import { applyFieldGuards, guardedFields, leafGuardsWithoutAudit } from '../../src/permissions/field-guards';
import { buildRuleTree } from '../../src/permissions/rule-tree';
import { createContextFactory } from '../../src/request-context';
import { buildUnguardedSchema } from '../../src/schema';
import type { Sources } from '../../src/sources';
import { openEngineSources, TEST_PSEUDONYM_SECRET } from '../support/engine-sources';
import { CASES, WALK } from '../support/execution-cases';

/**
 * The gateway executes a request without the guards on leaves that tell the audit nothing when
 * its viewer reads all of them in clear (GuardedExecutor). Whichever way it runs, the answer —
 * data, errors with their paths — and the audit records must be those of the fully guarded schema.
 */
describe('execution without the guards on clear leaves', () => {
  const unguarded = buildUnguardedSchema();
  const schema = applyFieldGuards(unguarded);
  let sources: Sources;
  let createContext: ReturnType<typeof createContextFactory>;

  beforeAll(async () => {
    sources = await openEngineSources('embedded');
    createContext = createContextFactory(sources, buildRuleTree(schema), { limits: { defaultPageSize: 100, maxPageSize: 10_000 }, pseudonymSecret: TEST_PSEUDONYM_SECRET, smallCellK: 5 });
  });

  afterAll(async () => {
    await sources?.close();
  });

  /** a request as the gateway runs it: context, authorization, execution; the answer and the audit's drafts without ids and times */
  const run = async (execute: (request: Parameters<OperationExecutor['execute']>[0]) => Promise<ExecutionResult>, query: string, variables: Record<string, unknown> | undefined, viewer: Viewer) => {
    const contextValue = await createContext({ viewer, requestId: 'guarded-executor' });
    const document = parse(query);
    expect(validate(schema, document)).toEqual([]);
    try {
      await contextValue.permissions.authorize(schema, document, getOperationAST(document)!, variables);
    } catch (error) {
      return { refused: (error as GraphQLError).message };
    }
    const result = await execute({ document, variableValues: variables, contextValue });
    const errors = [...(result.errors ?? []), ...contextValue.permissions.deferredErrors].map((error) => ({ message: error.message, path: error.path, code: error.extensions?.code }));
    const drafts = contextValue.audit.drafts().map(({ id: _id, at: _at, ...draft }: AuditEventDraft) => draft);
    return { data: result.data, errors, drafts };
  };

  const viewerOf = (roles: string[], departments: string[] = []): Viewer => ({ id: 'same-viewer', name: 'Test', roles, departments });

  it.each([0, 1])('answers and audits every case as the fully guarded schema does (compiling from run %i)', async (compileFromRun) => {
    const full = new OperationExecutor(schema, { compileFromRun });
    const guarded = new GuardedExecutor(unguarded, { compileFromRun });
    const runsLean: boolean[] = [];
    for (const { name, roles, departments, query, variables, runs = true } of CASES) {
      if (!runs) continue; // refused before execution by Apollo
      const viewer = viewerOf(roles, departments);
      const expected = await run((request) => full.execute(request), query, variables, viewer);
      // twice: a compiled plan is reused on the second run
      for (let i = 0; i < 2; i++) {
        const before = guarded.leanExecutions;
        const actual = await run((request) => guarded.execute(request), query, variables, viewer);
        expect({ name, ...actual }).toEqual({ name, ...expected });
        runsLean.push(guarded.leanExecutions > before);
      }
    }
    // both ways were taken, so that equal answers mean something
    expect(runsLean).toContain(true);
    expect(runsLean).toContain(false);
  });

  it('runs without them for a viewer who reads the list in clear, and with them for one refused clinical fields', async () => {
    const guarded = new GuardedExecutor(unguarded, { compileFromRun: 1 });
    const director = await run((request) => guarded.execute(request), WALK, { first: 2 }, viewerOf(['clinician', 'dept_director'], ['CARD', 'GSUR', 'RESP']));
    expect(guarded.leanExecutions).toBe(1);
    expect(director.errors).toEqual([]);
    const assistant = await run((request) => guarded.execute(request), WALK, { first: 2 }, viewerOf(['ops_assistant'], ['CARD', 'GSUR']));
    expect(guarded.leanExecutions).toBe(1);
    expect(assistant.errors!.some((error) => error.code === 'FORBIDDEN')).toBe(true);
  });

  it('leaves only leaves without audit unguarded: never a relation, an @sensitive field or a field that links rows to their patient', () => {
    const leaves = leafGuardsWithoutAudit(guardedFields(unguarded));
    const sensitive = sensitiveFields(unguarded);
    expect(leaves.size).toBeGreaterThan(10);
    for (const coordinate of leaves) {
      const [typeName, fieldName] = coordinate.split('.') as [string, string];
      const field = (unguarded.getType(typeName) as any).getFields()[fieldName];
      expect({ coordinate, leaf: isLeafType(getNamedType(field.type)), sensitive: sensitive.has(coordinate) }).toEqual({ coordinate, leaf: true, sensitive: false });
    }
    expect(leaves.has('Encounter.admittedAt')).toBe(true);
    expect(leaves.has('Patient.name')).toBe(false);
    expect(leaves.has('LabOrder.results')).toBe(false);
  });
});
