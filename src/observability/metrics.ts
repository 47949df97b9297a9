import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The gateway's Prometheus metrics (GET /metrics): request latency per operation, statement
 * latency per source, errors by code, audit commit latency and queue depth, and how many
 * sensitive values were served in clear, masked or denied. Labels carry names and codes only —
 * never an id, a value or a query.
 */
export class GatewayMetrics {
  readonly registry = new Registry();

  readonly requests = new Histogram({
    name: 'gateway_http_request_duration_seconds',
    help: 'HTTP requests to /graphql by operation name and status',
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

  readonly sensitive = new Counter({
    name: 'gateway_sensitive_entities_total',
    help: 'Entities whose sensitive fields were served, by outcome (ALLOWED, MASKED, DENIED) and entity type',
    labelNames: ['outcome', 'entity_type'] as const,
    registers: [this.registry],
  });

  constructor(auditQueueDepth: () => number) {
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
}
