import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../src/context';
import { ErrorCode } from '../src/errors';
import type { AccessGrantResolvers, AccessRequestResolvers, MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

function access(context: GatewayContext) {
  const service = context.services.access;
  if (!service) throw new GraphQLError('This gateway has no audit store, so it cannot grant access.', { extensions: { code: ErrorCode.AUDIT_UNAVAILABLE } });
  return service;
}

export const accessQueries: QueryResolvers = {
  accessRequests: (_, { status }, context) => access(context).list(context.viewer, status),
};

export const accessMutations: MutationResolvers = {
  requestRecordAccess: (_, { patientId, reason }, context) => access(context).request(context.viewer, context.audit, patientId, reason),
  decideAccessRequest: (_, { id, approve, comment }, context) => access(context).decide(context.viewer, context.audit, id, approve, comment ?? null),
  breakGlass: (_, { patientId, reason }, context) => access(context).breakGlass(context.viewer, context.audit, patientId, reason),
  reviewBreakGlass: (_, { id, comment }, context) => access(context).review(context.viewer, context.audit, id, comment ?? null),
};

export const accessRequestResolvers: AccessRequestResolvers = {
  active: (request) => request.status === 'APPROVED' && request.expiresAt !== null && request.expiresAt > new Date().toISOString(),
  needsReview: (request) => request.kind === 'BREAK_GLASS' && request.reviewedAt === null,
};

export const accessGrantResolvers: AccessGrantResolvers = {
  expiresAt: (grant) => grant.expiresAt!,
};
