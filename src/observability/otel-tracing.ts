import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVICE_NAME,
  DB_SYSTEM_NAME_VALUE_MICROSOFT_SQL_SERVER,
  DB_SYSTEM_NAME_VALUE_MYSQL,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';
import type { EngineName, ExecutedStatement, FailedStatement } from '../../adapters/sql/sql-engine';
import type { TracingConfig } from '../config';
import { parseTraceparent } from './traceparent';
import type { RequestTrace, Tracing } from './tracing';

/*
 * The OpenTelemetry implementation of ./tracing, loaded only when tracing is on.
 *
 * The provider is not registered as the process-wide global, and no context manager is
 * installed: every span is given its parent explicitly (the request's spans live on the request),
 * so nothing depends on async context propagation and several gateways can share a process.
 */

// incubating semantic conventions: copied, as OpenTelemetry advises, rather than imported from its unstable entry point
const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
const ATTR_DB_RESPONSE_RETURNED_ROWS = 'db.response.returned_rows';
/** the attribute's older name, which many back ends still index */
const ATTR_DB_SYSTEM = 'db.system';
const ATTR_REQUEST_ID = 'gateway.request_id';
const ATTR_SOURCE = 'gateway.source';
const ATTR_SOURCE_ENGINE = 'gateway.source.engine';
const ATTR_ERROR_CODES = 'gateway.graphql.error_codes';
const ATTR_AUDIT_RECORDS = 'gateway.audit.records';
const ATTR_AUDIT_WITHHELD = 'gateway.audit.withheld';

/** span names come from this list, never from the client's path (a 404 may carry anything) */
const ROUTES = new Set(['graphql', 'graphiql', 'healthz', 'readyz', 'metrics', 'audit-export', 'dashboard', 'audit']);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const DB_SYSTEM: Record<EngineName, { name: string; legacy: string }> = {
  postgres: { name: DB_SYSTEM_NAME_VALUE_POSTGRESQL, legacy: 'postgresql' },
  embedded: { name: DB_SYSTEM_NAME_VALUE_POSTGRESQL, legacy: 'postgresql' }, // PGlite is PostgreSQL
  mysql: { name: DB_SYSTEM_NAME_VALUE_MYSQL, legacy: 'mysql' },
  mssql: { name: DB_SYSTEM_NAME_VALUE_MICROSOFT_SQL_SERVER, legacy: 'mssql' },
};

export function otelTracing(config: TracingConfig, sourceEngines: Readonly<Record<string, EngineName>>): Tracing {
  const exporter = new OTLPTraceExporter({ url: config.exporter.otlpUrl, headers: config.exporter.headers, timeoutMillis: config.exporter.timeoutMs });
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName })),
    // a caller's decision (the traceparent's sampled flag) wins; new traces are sampled by ratio
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('hospital-gateway');
  return {
    startRequest(req, path, requestId) {
      const remote = parseTraceparent(req.headers.traceparent);
      const parent = remote ? trace.setSpanContext(ROOT_CONTEXT, { ...remote, isRemote: true }) : ROOT_CONTEXT;
      const method = METHODS.has(req.method ?? '') ? req.method! : '_OTHER';
      const segment = path.split('/')[1] ?? '';
      const route = ROUTES.has(segment) ? `/${segment}` : segment === '' ? '/' : 'other';
      const server = tracer.startSpan(
        `${method} ${route}`,
        { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_HTTP_ROUTE]: route, [ATTR_REQUEST_ID]: requestId } },
        parent,
      );
      return new SpanRequestTrace(tracer, server, trace.setSpan(parent, server), sourceEngines, config.statementText);
    },
    shutdown: () => provider.shutdown(),
  };
}

class SpanRequestTrace implements RequestTrace {
  readonly traceId: string;
  private operation: { span: Span; context: Context } | undefined;
  private ended = false;

  constructor(
    private readonly tracer: Tracer,
    private readonly server: Span,
    private readonly serverContext: Context,
    private readonly engines: Readonly<Record<string, EngineName>>,
    private readonly statementText: boolean,
  ) {
    this.traceId = server.spanContext().traceId;
  }

  operationStarted(): void {
    const span = this.tracer.startSpan('GraphQL operation', { kind: SpanKind.INTERNAL }, this.serverContext);
    this.operation = { span, context: trace.setSpan(this.serverContext, span) };
  }

  operationResolved(type: string, name: string | undefined): void {
    const span = this.operation?.span;
    if (!span) return;
    span.updateName(name ? `${type} ${name}` : type);
    span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, type);
    if (name) span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, name);
  }

  operationEnded(errorCodes: readonly string[]): void {
    const span = this.operation?.span;
    if (!span) return;
    if (errorCodes.length) {
      span.setAttribute(ATTR_ERROR_CODES, [...new Set(errorCodes)]);
      span.setStatus({ code: SpanStatusCode.ERROR, message: [...new Set(errorCodes)].join(', ') });
    }
    span.end();
  }

  statement(statement: ExecutedStatement): void {
    const span = this.statementSpan(statement.source, statement.sql, statement.durationMs);
    span.setAttribute(ATTR_DB_RESPONSE_RETURNED_ROWS, statement.rowCount);
    span.end(now());
  }

  statementFailed(failure: FailedStatement): void {
    const span = this.statementSpan(failure.source, failure.sql, failure.durationMs);
    span.setAttribute(ATTR_ERROR_TYPE, failure.kind);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.kind });
    span.end(now());
  }

  auditCommitted(startedAt: number, records: number, withheld: boolean): void {
    const span = this.tracer.startSpan('audit commit', { kind: SpanKind.INTERNAL, startTime: performance.timeOrigin + startedAt, attributes: { [ATTR_AUDIT_RECORDS]: records, [ATTR_AUDIT_WITHHELD]: withheld } }, this.parentContext());
    if (withheld) span.setStatus({ code: SpanStatusCode.ERROR, message: 'audit records not committed: sensitive values withheld' });
    span.end(now());
  }

  end(status: number): void {
    if (this.ended) return;
    this.ended = true;
    this.server.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    if (status >= 500) this.server.setStatus({ code: SpanStatusCode.ERROR });
    this.server.end();
  }

  /** statements and the audit commit belong to the operation; before it starts, to the request */
  private parentContext(): Context {
    return this.operation?.context ?? this.serverContext;
  }

  private statementSpan(source: string, sql: string, durationMs: number): Span {
    const engine = this.engines[source];
    const attributes: Attributes = { [ATTR_SOURCE]: source };
    if (engine) {
      attributes[ATTR_SOURCE_ENGINE] = engine;
      attributes[ATTR_DB_SYSTEM_NAME] = DB_SYSTEM[engine].name;
      attributes[ATTR_DB_SYSTEM] = DB_SYSTEM[engine].legacy;
    }
    // parameterized text only, and only when the site allows it; parameters never
    if (this.statementText) attributes[ATTR_DB_QUERY_TEXT] = sql;
    // the gateway only reads from its sources
    return this.tracer.startSpan(`SELECT ${source}`, { kind: SpanKind.CLIENT, startTime: now() - durationMs, attributes }, this.parentContext());
  }
}

/** epoch milliseconds with sub-millisecond precision, as span times */
function now(): number {
  return performance.timeOrigin + performance.now();
}
