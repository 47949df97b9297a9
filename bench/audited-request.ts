import { getOperationAST, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { AuditEventDraft } from '../src/audit/audit-event';
import type { Viewer } from '../src/auth/viewer';
import { buildRuleTree } from '../src/permissions/rule-tree';
import { createContextFactory } from '../src/request-context';
import type { Sources } from '../src/sources';
import { securedExecutor } from './gateway-executor';

/** a parsed operation, run by an AuditedRequests as often as a scenario needs */
export interface AuditedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/** runs an operation as the gateway does for a viewer and gives back the audit drafts it produced */
export type AuditedRequests = (operation: AuditedOperation, variables: Record<string, unknown>, viewer: Viewer, requestId: string) => Promise<AuditEventDraft[]>;

export function auditedOperation(query: string): AuditedOperation {
  const document = parse(query);
  return { document, operation: getOperationAST(document)! };
}

/**
 * In process, without HTTP: a context per request (permissions, row scope, audit collector),
 * authorization, and execution on the guarded schema the way server.ts executes — the audit
 * records are what the gateway would hand its audit writer for the same request.
 */
export function auditedRequests(sources: Sources, pseudonymSecret: string): AuditedRequests {
  const { schema, execute } = securedExecutor();
  const createContext = createContextFactory(sources, buildRuleTree(schema), { limits: { defaultPageSize: 100, maxPageSize: 10_000 }, pseudonymSecret, smallCellK: 5 });
  return async ({ document, operation }, variables, viewer, requestId) => {
    const context = await createContext({ viewer, requestId });
    await context.permissions.authorize(schema, document, operation, variables);
    const result = await execute({ document, variableValues: variables, contextValue: context });
    if (result.errors?.length) throw new Error(result.errors[0]!.message);
    return context.audit.drafts();
  };
}
