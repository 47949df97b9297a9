import { GraphQLError } from 'graphql';

/**
 * The error codes of the public contract (errors[].extensions.code). Every error a client sees
 * is built here, so that codes and their HTTP statuses stay consistent.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  SOURCE_UNAVAILABLE: 'SOURCE_UNAVAILABLE',
  AUDIT_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argument } : {}) } });
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

export function sourceUnavailable(source: string): GraphQLError {
  return new GraphQLError(`The source system '${source}' is unavailable; data from it is missing from this response.`, {
    extensions: { code: ErrorCode.SOURCE_UNAVAILABLE, source },
  });
}
