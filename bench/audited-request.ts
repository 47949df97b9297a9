import { getOperationAST, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { sha256Hex, type AuditEventDraft } from '../src/audit/audit-event';
import { nameRecords } from '../src/audit/audit-plugin';
import type { Viewer } from '../src/auth/viewer';
import { authorizeRequest } from '../src/permissions/permissions-plugin';
import { buildRuleTree } from '../src/permissions/rule-tree';
import { createContextFactory } from '../src/request-context';
import type { Sources } from '../src/sources';
import { securedExecutor } from './gateway-executor';

/** a parsed operation, run by an AuditedRequests as often as a scenario needs */
export interface AuditedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** SHA-256 of the text, hex: the operation hash of its audit records */
  hash: string;
}

/** runs an operation as the gateway does for a viewer and gives back the audit drafts it produced */
export type AuditedRequests = (operation: AuditedOperation, variables: Record<string, unknown>, viewer: Viewer, requestId: string) => Promise<AuditEventDraft[]>;

export function auditedOperation(query: string): AuditedOperation {
  const document = parse(query);
  return { document, operation: getOperationAST(document)!, hash: sha256Hex(query) };
}

/**
 * In process, without HTTP: a context per request (permissions, row scope, audit collector),
 * the records named as the audit plugin names them, authorization with its searches recorded as
 * the permissions plugin records them, and execution on the guarded schema the way server.ts
 * executes — the audit records are what the gateway would hand its audit writer for the same
 * request (tests/bench/audited-request.test.ts compares them with the gateway's over HTTP).
 */
export function auditedRequests(sources: Sources, pseudonymSecret: string): AuditedRequests {
  const { schema, execute } = securedExecutor();
  const createContext = createContextFactory(sources, buildRuleTree(schema), { limits: { defaultPageSize: 100, maxPageSize: 10_000 }, pseudonymSecret, smallCellK: 5 });
  return async ({ document, operation, hash }, variables, viewer, requestId) => {
    const context = await createContext({ viewer, requestId });
    nameRecords(context.audit, operation, undefined, hash);
    await authorizeRequest(context, schema, document, operation, variables);
    const result = await execute({ document, variableValues: variables, contextValue: context });
    if (result.errors?.length) throw new Error(result.errors[0]!.message);
    return context.audit.drafts();
  };
}
