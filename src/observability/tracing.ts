import type { IncomingMessage } from 'node:http';
import type { EngineName, ExecutedStatement, FailedStatement } from '../../adapters/sql/sql-engine';
import type { TracingConfig } from '../config';

/**
 * OpenTelemetry tracing, switched on by `tracing.enabled`. One request gives one trace:
 *
 *   server span (POST /graphql; child of the caller's span when a W3C traceparent came in)
 *   └─ GraphQL operation span (query WardList: type and name, never the document or variables)
 *      ├─ one span per source statement (source, engine, db.system, rows; never the parameters)
 *      └─ audit commit span (records, whether sensitive values were withheld)
 *
 * The gateway code talks to the small interface below. When tracing is off it gets the no-op
 * trace and the OpenTelemetry SDK is never loaded; when on, `./otel-tracing` implements it.
 */
export interface RequestTrace {
  /** the id of the request's trace when tracing is on: every log line of the request carries it */
  readonly traceId: string | undefined;
  operationStarted(): void;
  /** the operation is known: its type (query, mutation) and the client's operation name */
  operationResolved(type: string, name: string | undefined): void;
  /** the response is complete; the error codes it carries (codes only: messages may name values) */
  operationEnded(errorCodes: readonly string[]): void;
  /** a statement that ran; its span is placed back in time by its measured duration */
  statement(statement: ExecutedStatement): void;
  statementFailed(failure: FailedStatement): void;
  /** the request waited from `startedAt` (performance.now()) until its audit records were committed or withheld */
  auditCommitted(startedAt: number, records: number, withheld: boolean): void;
  /** the HTTP response has gone (or the connection closed) */
  end(status: number): void;
}

export interface Tracing {
  /** the request's server span; `path` is the URL path, reduced to a known route so that no client string becomes a span name */
  startRequest(req: IncomingMessage, path: string, requestId: string): RequestTrace;
  /** exports what is buffered, then stops */
  shutdown(): Promise<void>;
}

/** what every request gets when tracing is off: calls that do nothing */
export const NO_TRACE: RequestTrace = {
  traceId: undefined,
  operationStarted() {},
  operationResolved() {},
  operationEnded() {},
  statement() {},
  statementFailed() {},
  auditCommitted() {},
  end() {},
};

const DISABLED: Tracing = {
  startRequest: () => NO_TRACE,
  shutdown: async () => {},
};

/**
 * The gateway's tracing. The SDK is required only here and only when tracing is on: a gateway
 * without tracing pays for neither the SDK's loading nor any span (a lazy `require`, not a static
 * import, for exactly that reason).
 */
export function openTracing(config: TracingConfig, sourceEngines: Readonly<Record<string, EngineName>>): Tracing {
  if (!config.enabled) return DISABLED;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { otelTracing } = require('./otel-tracing') as typeof import('./otel-tracing');
  return otelTracing(config, sourceEngines);
}
