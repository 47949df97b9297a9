import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { OperationLabel, OperationLabels } from './operation-labels';

export interface GatewayMetricsOptions {
  /** how many distinct ad-hoc operation names get a series of their own (default AD_HOC_OPERATION_LABELS) */
  adHocOperationLabels?: number;
  /** told once, when the first ad-hoc operation name is labelled `(other)` */
  onOperationLabelsFull?: (limit: number) => void;
}

/**
 * The gateway's Prometheus metrics (GET /metrics): request latency per operation, statement
 * latency and failures per source, errors by code, fields denied, audit commit latency, failures
 * and queue depth, and how many entities' sensitive fields were served in clear, masked or
 * denied. Labels carry names and codes only — never an id, a value or a query.
 */
export class GatewayMetrics {
  readonly registry = new Registry();

  /** the bounded `operation` label of `requests` (see operation-labels.ts for why and how) */
  readonly operations: OperationLabels;

  readonly requests = new Histogram({
    name: 'gateway_http_request_duration_seconds',
    help: 'HTTP requests to /graphql by operation and status: the name of a persisted operation, or of one of the first ad-hoc names seen (later ones: (other)), (anonymous), or (refused) for a request refused before execution',
    labelNames: ['operation', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly statements = new Histogram({
    name: 'gateway_source_statement_duration_seconds',
    help: 'SQL statements sent to each source system',
    labelNames: ['source'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly statementErrors = new Counter({
    name: 'gateway_source_statement_errors_total',
    help: 'SQL statements that failed at a source, by source and kind: connection (refused, reset), timeout (statement or client deadline), circuit-open (not sent: the breaker is open), other',
    labelNames: ['source', 'kind'] as const,
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'gateway_graphql_errors_total',
    help: 'GraphQL errors in responses, by code (SOURCE_UNAVAILABLE names a source in the response, not here)',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly auditCommits = new Histogram({
    name: 'gateway_audit_commit_duration_seconds',
    help: 'Group commits of audit records',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
    registers: [this.registry],
  });

  readonly auditRecords = new Counter({ name: 'gateway_audit_records_total', help: 'Audit records committed', registers: [this.registry] });

  readonly auditCommitFailures = new Counter({
    name: 'gateway_audit_commit_failures_total',
    help: 'Group commits the audit store refused or failed (the sensitive values of the requests waiting on them were withheld)',
    registers: [this.registry],
  });

  /** masked reads are the MASKED series of this counter (every masked value is served row by row) */
  readonly sensitive = new Counter({
    name: 'gateway_sensitive_entities_total',
    help: 'Entities whose sensitive fields were read, by outcome (ALLOWED: in clear, MASKED: masked or pseudonymized, DENIED: a sensitive field withheld on a row) and entity type',
    labelNames: ['outcome', 'entity_type'] as const,
    registers: [this.registry],
  });

  /**
   * Every refusal, whether or not rows were read: a field the role may not read at all (e.g.
   * Query.patients for an operations assistant) is refused before execution and never reaches
   * the per-row DENIED series above.
   */
  readonly denied = new Counter({
    name: 'gateway_denied_fields_total',
    help: 'Fields and searches refused with FORBIDDEN, by schema coordinate (Type.field), argument:<name> for a refused search, or other',
    labelNames: ['field'] as const,
    registers: [this.registry],
  });

  constructor(auditQueueDepth: () => number, options: GatewayMetricsOptions = {}) {
    this.operations = new OperationLabels(options.adHocOperationLabels, options.onOperationLabelsFull);
    new Gauge({
      name: 'gateway_audit_queue_depth',
      help: 'Audit records waiting for the next group commit',
      registers: [this.registry],
      collect() {
        this.set(auditQueueDepth());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'gateway_' });
  }

  /**
   * A request refused before execution (bad token, rate limited, unknown persisted id, refused by
   * policy, too complex, unreadable body): its latency under `(refused)` and its error code.
   */
  observeRefused(status: number, code: string, seconds: number): void {
    this.requests.observe({ operation: OperationLabel.refused, status: String(status) }, seconds);
    this.errors.inc({ code });
  }
}
