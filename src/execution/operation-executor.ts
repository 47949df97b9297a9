import { execute, getOperationAST, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery as compileWithJit, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

export interface OperationRequest {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown>;
  contextValue: unknown;
}

export interface ExecutorOptions {
  /** compile a document into a function from its nth run on (0: never compile, graphql-js only) */
  compileFromRun: number;
  /** told when graphql-jit declines a query, which then runs on graphql-js (operators may want to know) */
  onDeclined?: (operationName: string | null, reason: string) => void;
}

type Plan = CompiledQuery | 'graphql-js';

interface DocumentRuns {
  runs: number;
  plans: Map<string, Plan>;
}

/**
 * Executes validated operations. A query document run repeatedly is compiled once by graphql-jit
 * into plain functions, which execute a large list several times faster than graphql-js walking
 * the document for every row (bench scenario (a)). What the client gets is graphql-js's answer
 * (tests/execution/compiled-execution.test.ts runs both on the same requests): the data, the
 * errors and their paths. graphql-js still runs
 *  - a document's first runs (compiling costs more than running a one-off query),
 *  - mutations (few, and graphql-js's serial execution is the reference),
 *  - requests whose variables do not coerce (graphql-js words those errors, and Apollo reads the wording),
 *  - documents graphql-jit declines to compile.
 * Compiled plans live as long as the parsed document (Apollo's document cache holds those).
 */
export class OperationExecutor {
  private readonly documents = new WeakMap<DocumentNode, DocumentRuns>();
  private compiled = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly options: ExecutorOptions,
    /** graphql-jit's compiler (tests hand in one that declines) */
    private readonly compileQuery: typeof compileWithJit = compileWithJit,
  ) {}

  /** how many operations have been compiled so far */
  get compiledOperations(): number {
    return this.compiled;
  }

  async execute(request: OperationRequest): Promise<ExecutionResult> {
    const plan = this.planFor(request);
    if (plan === 'graphql-js') return this.byGraphqlJs(request);
    const result = await plan.query(undefined, request.contextValue, request.variableValues);
    // no data at all: the variables did not coerce and nothing ran; graphql-js words the errors
    if (!('data' in result)) return this.byGraphqlJs(request);
    return result.errors ? { ...result, errors: result.errors.map(asGraphqlJsError) } : result;
  }

  private compile(document: DocumentNode, operationName: string | undefined): Plan {
    const operation = getOperationAST(document, operationName);
    if (operation?.operation !== 'query') return 'graphql-js';
    let reason: string;
    try {
      const compiled = this.compileQuery(this.schema, document, operationName);
      if (isCompiledQuery(compiled)) return compiled;
      reason = compiled.errors?.map((error) => error.message).join('; ') ?? 'no reason given';
    } catch (error) {
      reason = (error as Error)?.message ?? String(error);
    }
    this.options.onDeclined?.(operation.name?.value ?? null, reason);
    return 'graphql-js';
  }

  private byGraphqlJs(request: OperationRequest): Promise<ExecutionResult> {
    return Promise.resolve(execute({ schema: this.schema, ...request }));
  }

  private planFor(request: OperationRequest): Plan {
    if (this.options.compileFromRun <= 0) return 'graphql-js';
    let entry = this.documents.get(request.document);
    if (!entry) this.documents.set(request.document, (entry = { runs: 0, plans: new Map() }));
    if (++entry.runs < this.options.compileFromRun) return 'graphql-js';
    const key = request.operationName ?? '';
    let plan = entry.plans.get(key);
    if (!plan) {
      plan = this.compile(request.document, request.operationName ?? undefined);
      entry.plans.set(key, plan);
      if (plan !== 'graphql-js') this.compiled++;
    }
    return plan;
  }
}

/**
 * graphql-jit's errors leave `extensions` undefined when the original error has none (a source
 * failure, a bug); graphql-js, and Apollo's formatting after it, expect an object there.
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  if (error.extensions) return error;
  const replacement = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined });
  // graphql-jit keeps the locations it computed at compile time, not the field nodes
  (replacement as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return replacement;
}
