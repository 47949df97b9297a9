import { isAbstractType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context';
import { rowNotes } from '../audit/row-audit';
import { applyFieldGuards, guardedFields, guardedLeaves } from '../permissions/field-guards';
import { OperationExecutor, type ExecutorOptions, type OperationRequest } from './operation-executor';

/**
 * Executes over the guarded schema, or over a lean one when the request's viewer reads every
 * guarded leaf its document names in clear — where each of those guards would return the value as
 * resolved and, on an @sensitive leaf, note it for the audit as ALLOWED. The lean schema has no
 * guards on leaves; the fields that produce rows of audited types note each row's @sensitive
 * fields instead (audit/row-audit.ts), so the audit records are the same. graphql-jit then reads
 * leaf values inline instead of calling a resolver for every row and field: on the nested list of
 * bench scenario (a), a resolver that only passes the value on, on every guarded leaf that is
 * not @sensitive, cost 9–28 ms of 150–180 ms; row notes in place of the guards on the
 * @sensitive ones saved another 4–8 ms in steady state and 11 ms after a full collection.
 * Guards on relations run on both schemas, and a viewer denied or masked any named leaf gets the
 * full one.
 */
export class GuardedExecutor {
  private readonly full: OperationExecutor;
  private readonly lean: OperationExecutor;
  private readonly leaves: ReadonlySet<string>;
  /** per document: the guarded leaves it names */
  private readonly named = new WeakMap<DocumentNode, readonly string[]>();
  private leanRuns = 0;

  /** the schema with every guard: what clients introspect and validate against */
  readonly schema: GraphQLSchema;

  constructor(
    /** the schema before guards (schema.ts buildUnguardedSchema) */
    unguarded: GraphQLSchema,
    options: ExecutorOptions,
  ) {
    const guarded = guardedFields(unguarded);
    this.schema = applyFieldGuards(unguarded, guarded);
    this.leaves = guardedLeaves(guarded);
    this.full = new OperationExecutor(this.schema, options);
    this.lean = new OperationExecutor(applyFieldGuards(unguarded, guarded, { unwrapped: this.leaves, rowNotes: rowNotes(unguarded) }), options);
  }

  get compiledOperations(): number {
    return this.full.compiledOperations + this.lean.compiledOperations;
  }

  /** requests run without the guards on leaves (for tests and metrics) */
  get leanExecutions(): number {
    return this.leanRuns;
  }

  execute(request: OperationRequest): Promise<ExecutionResult> {
    const permissions = (request.contextValue as Partial<GatewayContext> | undefined)?.permissions;
    const clear = permissions !== undefined && this.leavesNamedBy(request.document).every((coordinate) => permissions.access(coordinate) === 'clear');
    if (!clear) return this.full.execute(request);
    this.leanRuns++;
    return this.lean.execute(request);
  }

  /**
   * Every guarded leaf a field of the document may resolve to, in any fragment, skipped or not;
   * a field on an interface or union counts for each of its object types (guards are on those).
   */
  private leavesNamedBy(document: DocumentNode): readonly string[] {
    let named = this.named.get(document);
    if (named) return named;
    const found = new Set<string>();
    const typeInfo = new TypeInfo(this.schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field: (node) => {
          const parent = typeInfo.getParentType();
          if (!parent) return;
          for (const type of isAbstractType(parent) ? this.schema.getPossibleTypes(parent) : [parent]) {
            const coordinate = `${type.name}.${node.name.value}`;
            if (this.leaves.has(coordinate)) found.add(coordinate);
          }
        },
      }),
    );
    named = [...found];
    this.named.set(document, named);
    return named;
  }
}
