import { GraphQLError, responsePathAsArray, visit, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Path } from 'graphql/jsutils/Path';
import type { Condition } from '../../adapters/entity-reader';
import type { EntityName } from '../../adapters/model/canonical-model';
import { SourceQueryError } from '../../adapters/source-error';
import { ErrorCode, sourceUnavailable } from '../errors';
import type { AccessPolicy } from './access-policy';
import { authorizeOperation, type OperationDecisions } from './authorize-operation';
import { cachedColumnDemand, type ColumnDemand } from '../loaders/column-demand';
import { applyMask } from './masking';
import type { Access, DataClass } from './permission-model';
import type { RuleTree } from './rule-tree';
import { rowScope } from './row-scope';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '../reliability/query-limits';

/**
 * The permissions of one request: decided once before execution, then consulted synchronously
 * by the guarded fields (field-guards.ts) and by the readers (row scope).
 */
export class RequestPermissions {
  private decisions: ReadonlyMap<string, Access> = new Map();
  private readonly reported = new Set<string>();
  /** errors of denied fields that resolved to an empty list or page instead of throwing */
  readonly deferredErrors: GraphQLError[] = [];
  /** whether this viewer may query __schema and __type */
  introspectionAllowed = true;
  /** the viewer's query limits (depth, aliases, directives, cost, tokens) */
  queryLimits: QueryLimits = DEFAULT_QUERY_LIMITS;
  readonly scope: (entity: EntityName) => Condition<any>[];

  constructor(
    readonly policy: AccessPolicy,
    private readonly tree: RuleTree,
    private readonly pseudonymSecret: string,
    grantedPatients: readonly string[] = [],
  ) {
    this.scope = rowScope(policy, grantedPatients);
  }

  /** Decides every field the operation selects; refuses the request when a filter is a hidden read. */
  async authorize(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown> | undefined,
    onSearch?: (search: OperationDecisions['searches'][number], refused: boolean) => void,
  ): Promise<void> {
    if (!this.introspectionAllowed && selectsIntrospection(document)) {
      throw new GraphQLError('Schema introspection is not enabled for your role on this gateway.', { extensions: { code: ErrorCode.FORBIDDEN } });
    }
    const result = await authorizeOperation(schema, this.tree, this.policy, document, operation, variables);
    this.decisions = result.fields;
    // the document is known from here on: statements read only the columns it needs
    this.columns = cachedColumnDemand(schema, document);
    const refused = result.refusedArguments[0];
    for (const search of result.searches) onSearch?.(search, refused !== undefined);
    if (refused) {
      const how = refused.access === 'none' ? 'may not read' : 'reads only masked';
      throw new GraphQLError(
        `Selecting rows by ${refused.argument} is not allowed: the role ${this.roleNames()} ${how} ${describe(refused.dataClass)}, and a search by a value is a read of it.`,
        { extensions: { code: ErrorCode.FORBIDDEN, argument: refused.argument } },
      );
    }
  }

  /** the fields the operation needs of each entity, once authorized (before: every field) */
  columns?: ColumnDemand;

  /** the access decided for `Type.field`; a field the authorization pass did not see is denied */
  access(coordinate: string): Access {
    return this.decisions.get(coordinate) ?? 'none';
  }

  /**
   * A denied field resolves to null. The first occurrence of each field carries a FORBIDDEN
   * error at its path; a list of 10,000 rows does not carry 10,000 copies of the same error.
   */
  forbid(coordinate: string): null {
    if (this.reported.has(coordinate)) return null;
    this.reported.add(coordinate);
    throw this.forbidden(coordinate);
  }

  /**
   * For a denied field the schema declares non-null (the contract's root lists): it resolves to
   * an empty list or page, so that the rest of the response is still served, and the FORBIDDEN
   * error is added to the response at the field's path.
   */
  forbidEmpty<V>(coordinate: string, path: Path, empty: V): V {
    if (!this.reported.has(coordinate)) {
      this.reported.add(coordinate);
      this.deferredErrors.push(this.forbidden(coordinate, responsePathAsArray(path)));
    }
    return empty;
  }

  /**
   * A relation whose source failed: the first occurrence of each field reports SOURCE_UNAVAILABLE
   * at its path (deferred when the field is an emptiable list or page, thrown otherwise), later
   * occurrences resolve empty or null without repeating it. Other errors pass through.
   */
  sourceFailed<V>(coordinate: string, path: Path, error: unknown, empty: V | undefined): V | null {
    if (!(error instanceof SourceQueryError)) throw error;
    const key = `source:${coordinate}`;
    const first = !this.reported.has(key);
    this.reported.add(key);
    if (empty === undefined) {
      if (first) throw error;
      return null;
    }
    if (first) {
      const unavailable = sourceUnavailable(error.source);
      this.deferredErrors.push(new GraphQLError(unavailable.message, { path: responsePathAsArray(path), extensions: unavailable.extensions, originalError: error }));
    }
    return empty;
  }

  private forbidden(coordinate: string, path?: readonly (string | number)[]): GraphQLError {
    return new GraphQLError(`${coordinate} is not readable for the role ${this.roleNames()}.`, { path, extensions: { code: ErrorCode.FORBIDDEN, field: coordinate } });
  }

  mask(dataClass: DataClass, value: unknown): unknown {
    return applyMask(this.policy.maskKind(dataClass), value, this.pseudonymSecret);
  }

  private roleNames(): string {
    return this.policy.roles.length ? this.policy.roles.join(', ') : '(no known role)';
  }
}

function describe(dataClass: DataClass): string {
  return dataClass.toLowerCase().replaceAll('_', ' ');
}

function selectsIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  return found;
}
