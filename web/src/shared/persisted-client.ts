import manifest from '../../../persisted/manifest.json';

/**
 * The pages talk to the gateway only through persisted operations: each request names an
 * operation of persisted/manifest.json by its SHA-256 (imported at build time) and carries
 * its variables — never query text. Dashboard accounts in allow-list mode can run nothing else.
 */
export type OperationName =
  | 'DashboardScorecard'
  | 'DashboardKpiTrend'
  | 'DashboardBenchmark'
  | 'DashboardAlerts'
  | 'DashboardCatalog'
  | 'AuditReviewViewer'
  | 'AuditReviewEvents'
  | 'AuditReviewIntegrity'
  | 'AuditReviewAccessRequests'
  | 'AuditReviewBreakGlass';

const HASHES = new Map(manifest.operations.map((operation) => [operation.name, operation.id]));

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; source?: string };
}

/** a request that produced no data: refused, unauthenticated, or failed */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface OperationResult<T> {
  data: T;
  /** errors beside the data: a field withheld (FORBIDDEN) or a source down (SOURCE_UNAVAILABLE) */
  errors: GraphQLErrorBody[];
}

export async function runOperation<T>(name: OperationName, variables: Record<string, unknown>, token: string): Promise<OperationResult<T>> {
  const sha256Hash = HASHES.get(name);
  if (!sha256Hash) throw new GatewayError(`${name} is not in persisted/manifest.json; run npm run persisted:manifest`, 'PERSISTED_QUERY_NOT_FOUND', 0);
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ operationName: name, variables, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
      credentials: 'omit',
    });
  } catch {
    throw new GatewayError('network', 'NETWORK', 0);
  }
  let body: { data?: T | null; errors?: GraphQLErrorBody[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new GatewayError(`HTTP ${response.status}`, 'INTERNAL_SERVER_ERROR', response.status);
  }
  const errors = body.errors ?? [];
  if (!response.ok || body.data === undefined || body.data === null) {
    const first = errors[0];
    throw new GatewayError(first?.message ?? `HTTP ${response.status}`, first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR', response.status);
  }
  return { data: body.data, errors };
}
