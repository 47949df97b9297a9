import { getOperationAST, isLeafType, isObjectType, getNamedType, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLError } from 'graphql';
import type { AuditEventDraft } from '../../src/audit/audit-event';
import { sensitiveFields } from '../../src/audit/sensitive-fields';
import type { Viewer } from '../../src/auth/viewer';
import { GuardedExecutor } from '../../src/execution/guarded-executor';
import { OperationExecutor } from '../../src/execution/operation-executor';
import { rowProducers } from '../../src/audit/row-audit';
import { applyFieldGuards, guardedFields, guardedLeaves } from '../../src/permissions/field-guards';
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
  const run = async (execute: (request: Parameters<OperationExecutor['execute']>[0]) => Promise<ExecutionResult>, query: string | DocumentNode, variables: Record<string, unknown> | undefined, viewer: Viewer) => {
    const contextValue = await createContext({ viewer, requestId: 'guarded-executor' });
    const document = typeof query === 'string' ? parse(query) : query;
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

  it("notes the @sensitive fields each request's variables select when the parsed document is reused, as Apollo's cache reuses it", async () => {
    const full = new OperationExecutor(schema, { compileFromRun: 1 });
    const guarded = new GuardedExecutor(unguarded, { compileFromRun: 1 });
    const { query } = CASES.find((c) => c.name.startsWith('@sensitive leaves through edges'))!;
    const document = parse(query);
    const viewer = viewerOf(['clinician'], ['CARD']);
    const fields: string[][] = [];
    for (const variables of [{ withName: true, skipBirth: false }, { withName: false, skipBirth: true }, { withName: true, skipBirth: true }, { withName: true, skipBirth: false }]) {
      const expected = await run((request) => full.execute(request), parse(query), variables, viewer);
      const actual = await run((request) => guarded.execute(request), document, variables, viewer);
      expect(actual).toEqual(expected);
      fields.push(actual.drafts!.find((draft) => draft.entityType === 'Patient')!.fields);
    }
    expect(guarded.leanExecutions).toBe(4);
    expect(fields).toEqual([['birthDate', 'id', 'name', 'phone'], ['id'], ['id', 'name', 'phone'], ['birthDate', 'id', 'name', 'phone']]);
  });

  it('leaves only leaves unguarded: never a relation, nor a field that links rows to their patient', () => {
    const leaves = guardedLeaves(guardedFields(unguarded));
    expect(leaves.size).toBeGreaterThan(10);
    for (const coordinate of leaves) {
      const [typeName, fieldName] = coordinate.split('.') as [string, string];
      const field = (unguarded.getType(typeName) as any).getFields()[fieldName];
      expect({ coordinate, leaf: isLeafType(getNamedType(field.type)) }).toEqual({ coordinate, leaf: true });
    }
    expect(leaves.has('Encounter.admittedAt')).toBe(true);
    expect(leaves.has('Patient.name')).toBe(true);
    expect(leaves.has('LabOrder.results')).toBe(false);
  });

  it('has a producer note the rows of every type with @sensitive fields, wherever the schema hands them out', () => {
    const producers = rowProducers(unguarded);
    const auditedTypes = new Set([...sensitiveFields(unguarded).keys()].map((coordinate) => coordinate.split('.')[0]));
    // every field whose value holds rows of an audited type, itself or as a connection's edges, is a producer of that type
    for (const type of Object.values(unguarded.getTypeMap())) {
      if (type.name.startsWith('__') || !isObjectType(type)) continue;
      for (const [fieldName, field] of Object.entries(type.getFields())) {
        const target = getNamedType(field.type);
        const coordinate = `${type.name}.${fieldName}`;
        if (type.name.endsWith('Edge') && fieldName === 'node') {
          // the edges that hold it produce its rows, once per page
          expect(producers.has(coordinate)).toBe(false);
        } else if (auditedTypes.has(target.name)) {
          expect({ coordinate, producer: producers.get(coordinate) }).toEqual({ coordinate, producer: { rowType: target.name, throughEdges: false } });
        }
      }
    }
    expect(producers.get('PatientConnection.edges')).toEqual({ rowType: 'Patient', throughEdges: true });
    expect(producers.get('LabOrder.results')).toEqual({ rowType: 'LabResult', throughEdges: false });
    expect(producers.has('EncounterConnection.edges')).toBe(false);
    // every audited type has at least one producer
    expect(new Set([...producers.values()].map((producer) => producer.rowType))).toEqual(auditedTypes);
  });
});
