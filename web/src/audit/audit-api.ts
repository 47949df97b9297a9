import { GatewayError, runOperation, type GraphQLErrorBody } from '../shared/persisted-client';
import type { Viewer } from '../shared/SessionGate';

/** The audit review page's reads and its one change, each a persisted operation. */
export type Outcome = 'ALLOWED' | 'MASKED' | 'DENIED';

export interface AuditEvent {
  id: string;
  seq: number;
  at: string;
  requestId: string;
  actor: { id: string; name: string | null; roles: string[]; departments: string[]; ip: string | null; userAgent: string | null };
  action: string;
  operationName: string | null;
  operationHash: string | null;
  entityType: string;
  entityIds: string[];
  patientIds: string[];
  fields: string[];
  outcome: Outcome;
  purpose: string | null;
  filter: string | null;
  hash: string;
  prevHash: string;
}

export interface EventPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: AuditEvent }[];
}

export interface AuditFilter {
  entityId?: string;
  actor?: string;
  outcome?: Outcome;
  from?: string;
  to?: string;
}

export interface Integrity {
  ok: boolean;
  checkedRecords: number;
  firstBrokenSeq: number | null;
  firstBrokenId: string | null;
  problem: string | null;
  anchorSeq: number | null;
  verifiedAt: string;
}

export interface AccessRequest {
  id: string;
  kind: 'REQUEST' | 'BREAK_GLASS';
  patientId: string;
  requesterId: string;
  requesterName: string | null;
  reason: string;
  status: string;
  createdAt: string;
  expiresAt: string | null;
  active: boolean;
  needsReview: boolean;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  comment: string | null;
}

type Result<T> = Promise<{ data: T; errors: GraphQLErrorBody[] }>;

export const PAGE_SIZE = 50;

export const loadViewer = async (token: string): Promise<Viewer> => (await runOperation<{ me: Viewer }>('AuditReviewViewer', {}, token)).data.me;

export const searchEvents = (token: string, filter: AuditFilter, after: string | null): Result<{ auditEvents: EventPage }> =>
  runOperation('AuditReviewEvents', { filter, first: PAGE_SIZE, after }, token);

export const verifyIntegrity = (token: string): Result<{ auditIntegrity: Integrity }> => runOperation('AuditReviewIntegrity', {}, token);

export const loadAccessRequests = (token: string): Result<{ accessRequests: AccessRequest[] }> => runOperation('AuditReviewAccessRequests', {}, token);

export const markReviewed = (token: string, id: string, comment: string | null): Result<{ reviewBreakGlass: Pick<AccessRequest, 'id' | 'needsReview' | 'reviewedBy' | 'reviewedAt' | 'reviewComment'> }> =>
  runOperation('AuditReviewBreakGlass', { id, comment }, token);

/**
 * GET /audit-export with the bearer token (a plain link could not carry it): the FHIR Bundle
 * comes back as a Blob the page offers as a download.
 */
export async function exportFhir(token: string, from: string, to: string): Promise<{ blob: Blob; fileName: string }> {
  const response = await fetch(`/audit-export?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { errors?: GraphQLErrorBody[] } | null;
    const first = body?.errors?.[0];
    throw new GatewayError(first?.message ?? `HTTP ${response.status}`, first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR', response.status);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'audit-export.fhir.json';
  return { blob: await response.blob(), fileName };
}
