import type { AggregateCache } from './operations/aggregate-cache';
import type { ReadContext } from '../adapters/entity-reader';
import type { ExecutedStatement, FailedStatement } from '../adapters/sql/sql-engine';
import type { AccessService } from './access/access-service';
import { AuditCollector, type ActiveGrant } from './audit/audit-collector';
import type { AuditStore } from './audit/store/audit-store';
import type { Viewer } from './auth/viewer';
import type { GatewayContext } from './context';
import { createRequestLoaders, type LoaderOptions } from './loaders/request-loaders';
import { silentLogger, type Logger } from './logging';
import { NO_TRACE, type RequestTrace } from './observability/tracing';
import { resolvePolicy } from './permissions/access-policy';
import { DEFAULT_QUERY_LIMITS, limitsFor, type QueryLimits } from './reliability/query-limits';
import { RequestPermissions } from './permissions/request-permissions';
import type { RuleTree } from './permissions/rule-tree';
import type { Sources } from './sources';

const SILENT = silentLogger();

export interface ContextSettings {
  limits: Omit<LoaderOptions, 'smallCellK'>;
  pseudonymSecret: string;
  smallCellK: number;
  services?: { auditStore?: AuditStore; access?: AccessService; aggregateCache?: AggregateCache };
  /** who may introspect the schema: everyone, nobody, or the roles listed */
  introspection?: boolean | readonly string[];
  /** query limits: defaults and per-role overrides */
  queryLimits?: { default: Partial<QueryLimits>; roles: Record<string, Partial<QueryLimits>> };
}

export interface RequestFacts {
  viewer: Viewer;
  requestId: string;
  /** the X-Gateway-Role header, when the viewer names the role to act in */
  requestedRole?: string;
  ip?: string | null;
  userAgent?: string | null;
  onStatement?: (statement: ExecutedStatement) => void;
  onStatementFailed?: (failure: FailedStatement) => void;
  /** the request's spans, when tracing is on */
  trace?: RequestTrace;
  /** the request's logger (bound to its id); silent when not given */
  log?: Logger;
}

/**
 * Builds one request's context: the viewer's policy (throws PolicyError when the token's roles
 * cannot be combined), the viewer's access grants in force, the row scope every reader applies
 * (departments, widened by grants), the audit collector and fresh loaders.
 */
export function createContextFactory(sources: Sources, tree: RuleTree, settings: ContextSettings) {
  const services = { ...settings.services, sources };
  return async (facts: RequestFacts): Promise<GatewayContext> => {
    const policy = resolvePolicy(facts.viewer, { smallCellK: settings.smallCellK, requestedRole: facts.requestedRole });
    // Only department-scoped roles can be widened by a grant; others need no lookup.
    const grants: ActiveGrant[] =
      policy.scope === 'departments' && services.access
        ? (await services.access.activeGrants(facts.viewer.id)).map((g) => ({ id: g.id, patientId: g.patientId, reason: g.reason, kind: g.kind }))
        : [];
    const permissions = new RequestPermissions(policy, tree, settings.pseudonymSecret, grants.map((g) => g.patientId));
    const introspection = settings.introspection ?? true;
    permissions.queryLimits = limitsFor(policy.roles, settings.queryLimits?.roles ?? {}, { ...DEFAULT_QUERY_LIMITS, ...stripUndefined(settings.queryLimits?.default ?? {}) });
    permissions.introspectionAllowed = typeof introspection === 'boolean' ? introspection : policy.roles.some((role) => introspection.includes(role));
    const read: ReadContext = { onStatement: facts.onStatement, onStatementFailed: facts.onStatementFailed, scope: permissions.scope, fields: (entity) => permissions.columns?.(entity) };
    const actor = { id: facts.viewer.id, name: facts.viewer.name, roles: [...policy.roles], departments: facts.viewer.departments, ip: facts.ip ?? null, userAgent: facts.userAgent ?? null };
    return {
      viewer: facts.viewer,
      requestId: facts.requestId,
      read,
      permissions,
      audit: new AuditCollector(facts.requestId, actor, new Map(grants.map((g) => [g.patientId, g]))),
      services,
      loaders: createRequestLoaders(sources, read, { ...settings.limits, smallCellK: policy.smallCellK }),
      trace: facts.trace ?? NO_TRACE,
      log: facts.log ?? SILENT,
    };
  };
}

export type ContextFactory = ReturnType<typeof createContextFactory>;

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
