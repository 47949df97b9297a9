import type { AggregateCache } from './operations/aggregate-cache';
import type { ReadContext } from '../adapters/entity-reader';
import type { Viewer } from './auth/viewer';
import type { RequestLoaders } from './loaders/request-loaders';
import type { AuditCollector } from './audit/audit-collector';
import type { AccessService } from './access/access-service';
import type { AuditStore } from './audit/store/audit-store';
import type { Logger } from './logging';
import type { RequestTrace } from './observability/tracing';
import type { RequestPermissions } from './permissions/request-permissions';
import type { Sources } from './sources';

/** What every resolver of one request shares. */
export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  loaders: RequestLoaders;
  read: ReadContext;
  /** decided once before execution; consulted synchronously by guarded fields and readers */
  permissions: RequestPermissions;
  /** the sensitive accesses of this request, committed before its response leaves */
  audit: AuditCollector;
  /** the audit trail and access requests, where the gateway has an audit store */
  services: { auditStore?: AuditStore; access?: AccessService; sources?: Sources; aggregateCache?: AggregateCache };
  /** the request's trace spans (a no-op when tracing is off) */
  trace: RequestTrace;
  /** the request's logger: every line names the request id (and the trace id when tracing is on) */
  log: Logger;
}
