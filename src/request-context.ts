import type { ReadContext } from '../adapters/entity-reader';
import type { ExecutedStatement } from '../adapters/sql/sql-engine';
import type { Viewer } from './auth/viewer';
import type { GatewayContext } from './context';
import { createRequestLoaders, type LoaderOptions } from './loaders/request-loaders';
import { resolvePolicy } from './permissions/access-policy';
import { RequestPermissions } from './permissions/request-permissions';
import type { RuleTree } from './permissions/rule-tree';
import type { Sources } from './sources';

export interface ContextSettings {
  limits: Omit<LoaderOptions, 'smallCellK'>;
  pseudonymSecret: string;
  smallCellK: number;
}

export interface RequestFacts {
  viewer: Viewer;
  requestId: string;
  /** the X-Gateway-Role header, when the viewer names the role to act in */
  requestedRole?: string;
  onStatement?: (statement: ExecutedStatement) => void;
}

/**
 * Builds one request's context: the viewer's policy (throws PolicyError when the token's roles
 * cannot be combined), the row scope every reader applies, and fresh loaders.
 */
export function createContextFactory(sources: Sources, tree: RuleTree, settings: ContextSettings) {
  return (facts: RequestFacts): GatewayContext => {
    const policy = resolvePolicy(facts.viewer, { smallCellK: settings.smallCellK, requestedRole: facts.requestedRole });
    const permissions = new RequestPermissions(policy, tree, settings.pseudonymSecret);
    const read: ReadContext = { onStatement: facts.onStatement, scope: permissions.scope };
    return {
      viewer: facts.viewer,
      requestId: facts.requestId,
      read,
      permissions,
      loaders: createRequestLoaders(sources, read, { ...settings.limits, smallCellK: policy.smallCellK }),
    };
  };
}

export type ContextFactory = ReturnType<typeof createContextFactory>;
